import { HubvinoError } from './hubvino-error.js';
import { RemoteError } from './remote-error.js';
import type { RemoteErrorOptions } from './remote-error-context.js';

const marker = 'hubvino.error.RemoteProtocolError';
const symbol = Symbol.for(marker);

/**
 * The server's answer is not a valid KServe v2 answer (bad JSON, a binary section of the wrong size, a missing output, an unsupported datatype).
 * The message names the server and the call; `endpoint`, `url`, `status` and `serverMessage`
 * carry them. Code `ERR_REMOTE_PROTOCOL`, category `runtime`.
 */
export class RemoteProtocolError extends RemoteError {
  constructor(message: string, options: RemoteErrorOptions) {
    super(message, { ...options, code: 'ERR_REMOTE_PROTOCOL', name: 'RemoteProtocolError' });
    Object.defineProperty(this, symbol, { value: true });
  }

  /** True for a RemoteProtocolError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is RemoteProtocolError {
    return HubvinoError.hasMarker(value, marker);
  }
}
