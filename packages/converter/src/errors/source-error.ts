import { HubvinoError, type HubvinoErrorOptions } from '@hubvino/runtime';

const marker = 'hubvino.error.SourceError';
const symbol = Symbol.for(marker);

/** Options of {@link SourceError}. */
export interface SourceErrorOptions extends HubvinoErrorOptions {
  /** The source as the caller gave it. */
  source: string;
  /** `ERR_SOURCE` (default) or a narrower code such as `ERR_SOURCE_NOT_FOUND`, `ERR_UNSAFE_ARCHIVE`. */
  code?: string;
}

/**
 * The source cannot be used: a path that does not exist, a handle that is not a TF Hub / Kaggle URL,
 * a folder that is not a SavedModel, an archive with entries outside its folder, links or devices.
 * Exit code class `source` (3).
 */
export class SourceError extends HubvinoError {
  /** The source as the caller gave it. */
  readonly source: string;

  constructor(message: string, options: SourceErrorOptions) {
    super(message, { ...options, code: options.code ?? 'ERR_SOURCE', category: 'source' });
    this.name = 'SourceError';
    this.source = options.source;
    Object.defineProperty(this, symbol, { value: true });
  }

  /** True for a SourceError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is SourceError {
    return HubvinoError.hasMarker(value, marker);
  }

  protected override details(): Record<string, unknown> {
    return { source: this.source };
  }
}
