import { definedFields, HubvinoError } from './hubvino-error.js';
import type { RemoteErrorOptions } from './remote-error-context.js';

const marker = 'hubvino.error.RemoteError';
const symbol = Symbol.for(marker);

/**
 * Base of the errors a remote (KServe v2) call throws: every one names the server and the call,
 * and carries `endpoint`, `url`, `status` and `serverMessage`. Category `runtime`. Catch a
 * subclass (`RemoteTimeoutError`, `RemoteUnavailableError`, ...) to act on one kind, or use
 * `RemoteError.isInstance` for any remote failure.
 */
export class RemoteError extends HubvinoError {
  /** The endpoint the client was created for. */
  readonly endpoint: string;
  /** The URL of the call that failed. */
  readonly url: string;
  /** The HTTP status answered, if any. */
  readonly status: number | undefined;
  /** The server's own error text, if any. */
  readonly serverMessage: string | undefined;

  protected constructor(message: string, options: RemoteErrorOptions & { code: string; name: string }) {
    super(message, { ...options, category: 'runtime' });
    this.name = options.name;
    this.endpoint = options.endpoint;
    this.url = options.url;
    this.status = options.status;
    this.serverMessage = options.serverMessage;
    Object.defineProperty(this, symbol, { value: true });
  }

  /** True for any remote error, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is RemoteError {
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
