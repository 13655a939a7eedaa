export { ConversionError, type ConversionErrorOptions } from './conversion-error.js';
export { DownloadError, type DownloadErrorOptions } from './download-error.js';
export { InterruptedError, throwIfInterrupted } from './interrupted-error.js';
export { LockLostError, type LockLostErrorOptions } from './lock-lost-error.js';
export { LockTimeoutError, type LockTimeoutErrorOptions } from './lock-timeout-error.js';
export { SourceError, type SourceErrorOptions } from './source-error.js';
export { ValidationError, type ValidationErrorOptions } from './validation-error.js';
export type { ValidationFailure } from './validation-failure.js';
