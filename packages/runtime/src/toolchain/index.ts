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
  buildOpenVinoExtras,
  type OpenVinoExtrasBuild,
  openVinoExtrasPath,
  openVinoExtrasSource,
} from './openvino-extras.js';
export {
  cliCommand,
  hubvinoWorkspaceRoot,
  provisionCommand,
  type ToolchainPins,
  toolchainDirectory,
  toolchainPins,
  venvNames,
} from './toolchain-paths.js';
