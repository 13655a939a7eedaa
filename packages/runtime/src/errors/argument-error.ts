import { definedFields, HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';

const marker = 'hubvino.error.ArgumentError';
const symbol = Symbol.for(marker);

/** Options of {@link ArgumentError}. */
export interface ArgumentErrorOptions extends HubvinoErrorOptions {
  /** The argument's name as the caller spelled it (`topK`, `preprocessing.valueRange`, `--input-shape`). */
  argument: string;
}

/**
 * A caller passed a bad argument. The message names the argument and says what to pass instead,
 * e.g. `'topK' must be a positive integer (got -1)`. Code `ERR_INVALID_ARGUMENT`, category `usage`.
 */
export class ArgumentError extends HubvinoError {
  /** The argument's name as the caller spelled it. */
  readonly argument: string;

  constructor(message: string, options: ArgumentErrorOptions) {
    super(message, { ...options, code: 'ERR_INVALID_ARGUMENT', category: 'usage' });
    this.name = 'ArgumentError';
    this.argument = options.argument;
    Object.defineProperty(this, symbol, { value: true });
  }

  /** True for an ArgumentError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is ArgumentError {
    return HubvinoError.hasMarker(value, marker);
  }

  protected override details(): Record<string, unknown> {
    return definedFields({ argument: this.argument });
  }
}
