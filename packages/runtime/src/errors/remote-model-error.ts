import { HubvinoError } from './hubvino-error.js';
import { RemoteError } from './remote-error.js';
import type { RemoteErrorOptions } from './remote-error-context.js';

const marker = 'hubvino.error.RemoteModelError';
const symbol = Symbol.for(marker);

/**
 * The served model cannot be used as asked: the server does not serve it (at that version), it is not ready, or its inputs/outputs do not fit the task.
 * The message names the server and the call; `endpoint`, `url`, `status` and `serverMessage`
 * carry them. Code `ERR_REMOTE_MODEL`, category `runtime`.
 */
export class RemoteModelError extends RemoteError {
  constructor(message: string, options: RemoteErrorOptions) {
    super(message, { ...options, code: 'ERR_REMOTE_MODEL', name: 'RemoteModelError' });
    Object.defineProperty(this, symbol, { value: true });
  }

  /** True for a RemoteModelError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is RemoteModelError {
    return HubvinoError.hasMarker(value, marker);
  }
}
