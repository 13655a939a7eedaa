import { HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';

/**
 * `infer()`/`inferAsync()` was called on an InferRequest that is still running a previous
 * inference. Await the previous call, create another InferRequest, or use an InferQueue.
 */
export class RequestBusyError extends HubvinoError {
  constructor(message?: string, options: HubvinoErrorOptions = {}) {
    super(
      'ERR_REQUEST_BUSY',
      'usage',
      message ??
        'InferRequest is busy with another inference; await it, create another InferRequest, or use an InferQueue for concurrency',
      options,
    );
    this.name = 'RequestBusyError';
  }
}
