import { HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';
import type { RemoteErrorContext } from './remote-error-context.js';

/**
 * The server did not answer a call within the client's `timeoutMs`.
 * The message names the server and the call; `endpoint`, `url`, `status` and `serverMessage` carry them.
 */
export class RemoteTimeoutError extends HubvinoError {
  /** The endpoint the client was created for. */
  readonly endpoint: string;
  /** The URL of the call that failed. */
  readonly url: string;
  /** The HTTP status answered, if any. */
  readonly status: number | undefined;
  /** The server's own error text, if any. */
  readonly serverMessage: string | undefined;

  constructor(context: RemoteErrorContext, message: string, options: HubvinoErrorOptions = {}) {
    super('ERR_REMOTE_TIMEOUT', 'runtime', message, options);
    this.name = 'RemoteTimeoutError';
    this.endpoint = context.endpoint;
    this.url = context.url;
    this.status = context.status;
    this.serverMessage = context.serverMessage;
  }

  /** True for a RemoteTimeoutError, even one thrown by another installed copy of the package. */
  static override isInstance(value: unknown): value is RemoteTimeoutError {
    return HubvinoError.isInstance(value) && value.code === 'ERR_REMOTE_TIMEOUT';
  }
}
