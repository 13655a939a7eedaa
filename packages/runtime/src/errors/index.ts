export { ArgumentError } from './argument-error.js';
export { ArtifactCorruptError, ArtifactNotFoundError } from './artifact-error.js';
export {
  type ErrorCategory,
  exitCodeFor,
  exitCodes,
  HubvinoError,
  type HubvinoErrorOptions,
} from './hubvino-error.js';
export { OpenVinoError } from './openvino-error.js';
export { ToolchainError } from './toolchain-error.js';
