import { HubvinoError } from './hubvino-error.js';
import { RemoteError } from './remote-error.js';
import type { RemoteErrorOptions } from './remote-error-context.js';

const marker = 'hubvino.error.RemoteRequestError';
const symbol = Symbol.for(marker);

/**
 * The server answered a call with an error status (4xx/5xx other than a retried 503): `status` and `serverMessage` say what it answered.
 * The message names the server and the call; `endpoint`, `url`, `status` and `serverMessage`
 * carry them. Code `ERR_REMOTE_REQUEST`, category `runtime`.
 */
export class RemoteRequestError extends RemoteError {
  constructor(message: string, options: RemoteErrorOptions) {
    super(message, { ...options, code: 'ERR_REMOTE_REQUEST', name: 'RemoteRequestError' });
    Object.defineProperty(this, symbol, { value: true });
  }

  /** True for a RemoteRequestError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is RemoteRequestError {
    return HubvinoError.hasMarker(value, marker);
  }
}
