import { HubvinoError } from './hubvino-error.js';
import { RemoteError } from './remote-error.js';
import type { RemoteErrorOptions } from './remote-error-context.js';

const marker = 'hubvino.error.RemoteUnavailableError';
const symbol = Symbol.for(marker);

/**
 * The server could not be reached (connection refused, reset or closed before an answer) or kept answering 503 Service Unavailable after every retry. Check that it runs and listens at `endpoint`.
 * The message names the server and the call; `endpoint`, `url`, `status` and `serverMessage`
 * carry them. Code `ERR_REMOTE_UNAVAILABLE`, category `runtime`.
 */
export class RemoteUnavailableError extends RemoteError {
  constructor(message: string, options: RemoteErrorOptions) {
    super(message, { ...options, code: 'ERR_REMOTE_UNAVAILABLE', name: 'RemoteUnavailableError' });
    Object.defineProperty(this, symbol, { value: true });
  }

  /** True for a RemoteUnavailableError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is RemoteUnavailableError {
    return HubvinoError.hasMarker(value, marker);
  }
}
