import { definedFields, HubvinoError } from './hubvino-error.js';
import type { RemoteErrorOptions } from './remote-error-context.js';

const marker = 'hubvino.error.RemoteUnavailableError';
const symbol = Symbol.for(marker);

/**
 * The server could not be reached (connection refused, reset or closed before an answer) or kept answering 503 Service Unavailable after every retry. Check that it runs and listens at `endpoint`.
 * The message names the server and the call; `endpoint`, `url`, `status` and `serverMessage`
 * carry them. Code `ERR_REMOTE_UNAVAILABLE`, category `runtime`.
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

  constructor(message: string, options: RemoteErrorOptions) {
    super(message, { ...options, code: 'ERR_REMOTE_UNAVAILABLE', category: 'runtime' });
    this.name = 'RemoteUnavailableError';
    this.endpoint = options.endpoint;
    this.url = options.url;
    this.status = options.status;
    this.serverMessage = options.serverMessage;
    Object.defineProperty(this, symbol, { value: true });
  }

  /** True for a RemoteUnavailableError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is RemoteUnavailableError {
    return HubvinoError.hasMarker(value, marker);
  }

  protected override details(): Record<string, unknown> {
    return definedFields({
      endpoint: this.endpoint,
      url: this.url,
      status: this.status,
      serverMessage: this.serverMessage,
    });
  }
}
