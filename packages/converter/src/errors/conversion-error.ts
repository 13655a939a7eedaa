import { HubvinoError, type HubvinoErrorOptions } from '@hubvino/runtime';

const marker = 'hubvino.error.ConversionError';
const symbol = Symbol.for(marker);

/** Options of {@link ConversionError}. */
export interface ConversionErrorOptions extends HubvinoErrorOptions {
  /** `ERR_CONVERSION` (default) or a narrower code such as `ERR_VERSION_EXISTS`. */
  code?: string;
  /** The last lines `ovc` printed, when it ran. */
  toolOutput?: string;
}

/**
 * `ovc` could not convert the model (an unsupported op, a shape that does not fit, a crash) or the
 * result could not be published (an unwritable repository, a version that already exists).
 * Exit code class `conversion` (4). No version folder is left behind.
 */
export class ConversionError extends HubvinoError {
  /** The last lines `ovc` printed, when it ran. */
  readonly toolOutput: string | undefined;

  constructor(message: string, options: ConversionErrorOptions = {}) {
    super(message, { ...options, code: options.code ?? 'ERR_CONVERSION', category: 'conversion' });
    this.name = 'ConversionError';
    this.toolOutput = options.toolOutput;
    Object.defineProperty(this, symbol, { value: true });
  }

  /** True for a ConversionError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is ConversionError {
    return HubvinoError.hasMarker(value, marker);
  }

  protected override details(): Record<string, unknown> {
    return this.toolOutput === undefined ? {} : { toolOutput: this.toolOutput };
  }
}
