import { HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';

/** A model artifact is missing, has no such version, or is unreadable. */
export class ArtifactNotFoundError extends HubvinoError {
  constructor(message: string, options: HubvinoErrorOptions = {}) {
    super('ERR_ARTIFACT_NOT_FOUND', 'artifact', message, options);
    this.name = 'ArtifactNotFoundError';
  }
}

/** A model artifact's files do not match its manifest (size, checksum) or are not valid IR. */
export class ArtifactCorruptError extends HubvinoError {
  /** The file that failed the check. */
  readonly file: string;

  constructor(file: string, message: string, options: HubvinoErrorOptions = {}) {
    super('ERR_ARTIFACT_CORRUPT', 'artifact', message, options);
    this.name = 'ArtifactCorruptError';
    this.file = file;
  }
}
