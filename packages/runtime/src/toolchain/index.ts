export {
  type DevToolchain,
  locateDevToolchain,
  locateOpenVino,
  locateQuantizeToolchain,
  locateServingToolchain,
  type OpenVinoDistribution,
  type QuantizeToolchain,
  quantizeProvisionCommand,
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
  provisionScriptPath,
  type ToolchainPins,
  toolchainDirectory,
  toolchainPins,
  venvNames,
} from './toolchain-paths.js';
