import { HubvinoError } from './hubvino-error.js';
import { RemoteError } from './remote-error.js';
import type { RemoteErrorOptions } from './remote-error-context.js';

const marker = 'hubvino.error.RemoteTimeoutError';
const symbol = Symbol.for(marker);

/**
 * The server did not answer a call within the client's `timeoutMs`.
 * The message names the server and the call; `endpoint`, `url`, `status` and `serverMessage`
 * carry them. Code `ERR_REMOTE_TIMEOUT`, category `runtime`.
 */
export class RemoteTimeoutError extends RemoteError {
  constructor(message: string, options: RemoteErrorOptions) {
    super(message, { ...options, code: 'ERR_REMOTE_TIMEOUT', name: 'RemoteTimeoutError' });
    Object.defineProperty(this, symbol, { value: true });
  }

  /** True for a RemoteTimeoutError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is RemoteTimeoutError {
    return HubvinoError.hasMarker(value, marker);
  }
}
