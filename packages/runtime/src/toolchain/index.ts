export {
  type DevToolchain,
  locateDevToolchain,
  locateOpenVino,
  locateServingToolchain,
  type OpenVinoDistribution,
  type ServingToolchain,
  type ToolCommand,
} from './locate-openvino.js';
export {
  cliCommand,
  hubvinoWorkspaceRoot,
  provisionCommand,
  type ToolchainPins,
  toolchainDirectory,
  toolchainPins,
  venvNames,
} from './toolchain-paths.js';
