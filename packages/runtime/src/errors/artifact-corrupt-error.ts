import { definedFields, HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';

const marker = 'hubvino.error.ArtifactCorruptError';
const symbol = Symbol.for(marker);

/** Options of {@link ArtifactCorruptError}. */
export interface ArtifactCorruptErrorOptions extends HubvinoErrorOptions {
  /** The file that failed the check. */
  file: string;
}

/**
 * A model artifact's files do not match its manifest (size, checksum), the manifest is invalid, or
 * the IR is not readable. Code `ERR_ARTIFACT_CORRUPT`, category `artifact`.
 */
export class ArtifactCorruptError extends HubvinoError {
  /** The file that failed the check. */
  readonly file: string;

  constructor(message: string, options: ArtifactCorruptErrorOptions) {
    super(message, { ...options, code: 'ERR_ARTIFACT_CORRUPT', category: 'artifact' });
    this.name = 'ArtifactCorruptError';
    this.file = options.file;
    Object.defineProperty(this, symbol, { value: true });
  }

  /** True for an ArtifactCorruptError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is ArtifactCorruptError {
    return HubvinoError.hasMarker(value, marker);
  }

  protected override details(): Record<string, unknown> {
    return definedFields({ file: this.file });
  }
}
