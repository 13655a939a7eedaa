import { definedFields, HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';

const marker = 'hubvino.error.DisposedError';
const symbol = Symbol.for(marker);

/** Options of {@link DisposedError}. */
export interface DisposedErrorOptions extends HubvinoErrorOptions {
  /** The kind of object that was used after dispose (`Core`, `Model`, `Tensor`, `ImageClassifier`, ...). */
  objectName: string;
}

/**
 * A method was called on an object whose native resources were already released with
 * `dispose()` (or `using`). Code `ERR_DISPOSED`, category `usage`. {@link DisposedError.of} builds
 * the usual message, e.g. `InferRequest has been disposed; ...`.
 */
export class DisposedError extends HubvinoError {
  /** The kind of object that was used after dispose. */
  readonly objectName: string;

  constructor(message: string, options: DisposedErrorOptions) {
    super(message, { ...options, code: 'ERR_DISPOSED', category: 'usage' });
    this.name = 'DisposedError';
    this.objectName = options.objectName;
    Object.defineProperty(this, symbol, { value: true });
  }

  /** The error for using `objectName` after dispose, with the standard message. */
  static of(objectName: string, options: HubvinoErrorOptions = {}): DisposedError {
    return new DisposedError(
      `${objectName} has been disposed; create a new one instead of reusing it after dispose()`,
      { ...options, objectName },
    );
  }

  /** True for a DisposedError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is DisposedError {
    return HubvinoError.hasMarker(value, marker);
  }

  protected override details(): Record<string, unknown> {
    return definedFields({ objectName: this.objectName });
  }
}
