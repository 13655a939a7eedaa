import { HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';
import type { RemoteErrorContext } from './remote-error-context.js';

/**
 * The server could not be reached (connection refused, reset or closed before an answer) or kept answering 503 Service Unavailable after every retry. Check that it runs and listens at `endpoint`.
 * The message names the server and the call; `endpoint`, `url`, `status` and `serverMessage` carry them.
 */
export class RemoteUnavailableError extends HubvinoError {
  /** The endpoint the client was created for. */
  readonly endpoint: string;
  /** The URL of the call that failed. */
  readonly url: string;
  /** The HTTP status answered, if any. */
  readonly status: number | undefined;
  /** The server's own error text, if any. */
  readonly serverMessage: string | undefined;

  constructor(context: RemoteErrorContext, message: string, options: HubvinoErrorOptions = {}) {
    super('ERR_REMOTE_UNAVAILABLE', 'runtime', message, options);
    this.name = 'RemoteUnavailableError';
    this.endpoint = context.endpoint;
    this.url = context.url;
    this.status = context.status;
    this.serverMessage = context.serverMessage;
  }

  /** True for a RemoteUnavailableError, even one thrown by another installed copy of the package. */
  static override isInstance(value: unknown): value is RemoteUnavailableError {
    return HubvinoError.isInstance(value) && value.code === 'ERR_REMOTE_UNAVAILABLE';
  }
}
