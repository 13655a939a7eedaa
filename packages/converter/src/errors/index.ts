export { ConversionError, type ConversionErrorOptions } from './conversion-error.js';
export { DownloadError, type DownloadErrorOptions } from './download-error.js';
export { SourceError, type SourceErrorOptions } from './source-error.js';
export { ValidationError, type ValidationErrorOptions } from './validation-error.js';
export type { ValidationFailure } from './validation-failure.js';
