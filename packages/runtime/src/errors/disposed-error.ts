import { HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';

/**
 * A method was called on an object whose native resources were already released with
 * `dispose()` (or `using`). The message names the object, e.g. `InferRequest has been disposed`.
 */
export class DisposedError extends HubvinoError {
  /** The kind of object that was used after dispose (`Core`, `Model`, `Tensor`, ...). */
  readonly objectName: string;

  constructor(objectName: string, options: HubvinoErrorOptions = {}) {
    super(
      'ERR_DISPOSED',
      'usage',
      `${objectName} has been disposed; create a new one instead of reusing it after dispose()`,
      options,
    );
    this.name = 'DisposedError';
    this.objectName = objectName;
  }
}
