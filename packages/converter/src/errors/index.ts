export { ConversionError } from './conversion-error.js';
export { DownloadError } from './download-error.js';
export { InterruptedError, throwIfInterrupted } from './interrupted-error.js';
export { LockLostError } from './lock-lost-error.js';
export { LockTimeoutError } from './lock-timeout-error.js';
export { SourceError } from './source-error.js';
export { ValidationError, type ValidationFailure } from './validation-error.js';
