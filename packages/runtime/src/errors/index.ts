export { ArgumentError } from './argument-error.js';
export { ArtifactCorruptError, ArtifactNotFoundError } from './artifact-error.js';
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
export type { RemoteErrorContext } from './remote-error-context.js';
export { RemoteModelError } from './remote-model-error.js';
export { RemoteProtocolError } from './remote-protocol-error.js';
export { RemoteRequestError } from './remote-request-error.js';
export { RemoteTimeoutError } from './remote-timeout-error.js';
export { RemoteUnavailableError } from './remote-unavailable-error.js';
export { RequestBusyError } from './request-busy-error.js';
export { ToolchainError } from './toolchain-error.js';
