import { definedFields, HubvinoError } from './hubvino-error.js';
import type { RemoteErrorOptions } from './remote-error-context.js';

const marker = 'hubvino.error.RemoteProtocolError';
const symbol = Symbol.for(marker);

/**
 * The server's answer is not a valid KServe v2 answer (bad JSON, a binary section of the wrong size, a missing output, an unsupported datatype).
 * The message names the server and the call; `endpoint`, `url`, `status` and `serverMessage`
 * carry them. Code `ERR_REMOTE_PROTOCOL`, category `runtime`.
 */
export class RemoteProtocolError extends HubvinoError {
  /** The endpoint the client was created for. */
  readonly endpoint: string;
  /** The URL of the call that failed. */
  readonly url: string;
  /** The HTTP status answered, if any. */
  readonly status: number | undefined;
  /** The server's own error text, if any. */
  readonly serverMessage: string | undefined;

  constructor(message: string, options: RemoteErrorOptions) {
    super(message, { ...options, code: 'ERR_REMOTE_PROTOCOL', category: 'runtime' });
    this.name = 'RemoteProtocolError';
    this.endpoint = options.endpoint;
    this.url = options.url;
    this.status = options.status;
    this.serverMessage = options.serverMessage;
    Object.defineProperty(this, symbol, { value: true });
  }

  /** True for a RemoteProtocolError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is RemoteProtocolError {
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
