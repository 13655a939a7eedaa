export {
  type DevToolchain,
  locateDevToolchain,
  locateOpenVino,
  type OpenVinoDistribution,
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
