export { ArgumentError } from './argument-error.js';
export { ArtifactCorruptError, ArtifactNotFoundError } from './artifact-error.js';
export { AudioDecodeError } from './audio-decode-error.js';
export { AudioTooLongError } from './audio-too-long-error.js';
export { DisposedError } from './disposed-error.js';
export {
  type ErrorCategory,
  exitCodeFor,
  exitCodes,
  HubvinoError,
  type HubvinoErrorOptions,
} from './hubvino-error.js';
export { ImageDecodeError } from './image-decode-error.js';
export { ImageTooLargeError } from './image-too-large-error.js';
export { OpenVinoError } from './openvino-error.js';
export { RequestBusyError } from './request-busy-error.js';
export { ToolchainError } from './toolchain-error.js';
