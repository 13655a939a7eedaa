import { HubvinoError, type HubvinoErrorOptions } from '@hubvino/runtime';

const marker = 'hubvino.error.DownloadError';
const symbol = Symbol.for(marker);

/** Options of {@link DownloadError}. */
export interface DownloadErrorOptions extends HubvinoErrorOptions {
  /** The URL that was requested (with `tf-hub-format=compressed` when added). */
  url: string;
  /** The last HTTP status, when the server answered. */
  status?: number;
  /** `ERR_DOWNLOAD` (default) or a narrower code such as `ERR_OFFLINE`, `ERR_NOT_FOUND`. */
  code?: string;
}

/**
 * Fetching a remote model failed: the host is unreachable (offline), answered 404 or kept failing
 * with 5xx / time-outs after the retries, sent something that is not a (complete) tar archive.
 * Exit code class `source` (3). Nothing is left in the cache.
 */
export class DownloadError extends HubvinoError {
  /** The URL that was requested. */
  readonly url: string;
  /** The last HTTP status, when the server answered. */
  readonly status: number | undefined;

  constructor(message: string, options: DownloadErrorOptions) {
    super(message, { ...options, code: options.code ?? 'ERR_DOWNLOAD', category: 'source' });
    this.name = 'DownloadError';
    this.url = options.url;
    this.status = options.status;
    Object.defineProperty(this, symbol, { value: true });
  }

  /** True for a DownloadError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is DownloadError {
    return HubvinoError.hasMarker(value, marker);
  }

  protected override details(): Record<string, unknown> {
    return { url: this.url, ...(this.status === undefined ? {} : { status: this.status }) };
  }
}
