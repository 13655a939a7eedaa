import { HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';

const marker = 'hubvino.error.RequestBusyError';
const symbol = Symbol.for(marker);

/**
 * `infer()`/`inferAsync()` was called on an InferRequest that is still running a previous
 * inference. Await the previous call, create another InferRequest, or use an InferQueue.
 * Code `ERR_REQUEST_BUSY`, category `usage`.
 */
export class RequestBusyError extends HubvinoError {
  constructor(message: string, options: HubvinoErrorOptions = {}) {
    super(message, { ...options, code: 'ERR_REQUEST_BUSY', category: 'usage' });
    this.name = 'RequestBusyError';
    Object.defineProperty(this, symbol, { value: true });
  }

  /** True for a RequestBusyError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is RequestBusyError {
    return HubvinoError.hasMarker(value, marker);
  }
}
