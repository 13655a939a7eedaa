export { ConversionError } from './conversion-error.js';
export { DownloadError } from './download-error.js';
export { SourceError } from './source-error.js';
export { ValidationError, type ValidationFailure } from './validation-error.js';
