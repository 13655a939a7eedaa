import { HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';
import type { RemoteErrorContext } from './remote-error-context.js';

/**
 * The server answered a call with an error status (4xx/5xx other than a retried 503)
 * The message names the server and the call; `endpoint`, `url`, `status` and `serverMessage` carry them.
 */
export class RemoteRequestError extends HubvinoError {
  /** The endpoint the client was created for. */
  readonly endpoint: string;
  /** The URL of the call that failed. */
  readonly url: string;
  /** The HTTP status answered, if any. */
  readonly status: number | undefined;
  /** The server's own error text, if any. */
  readonly serverMessage: string | undefined;

  constructor(context: RemoteErrorContext, message: string, options: HubvinoErrorOptions = {}) {
    super('ERR_REMOTE_REQUEST', 'runtime', message, options);
    this.name = 'RemoteRequestError';
    this.endpoint = context.endpoint;
    this.url = context.url;
    this.status = context.status;
    this.serverMessage = context.serverMessage;
  }

  /** True for a RemoteRequestError, even one thrown by another installed copy of the package. */
  static override isInstance(value: unknown): value is RemoteRequestError {
    return HubvinoError.isInstance(value) && value.code === 'ERR_REMOTE_REQUEST';
  }
}
