import { HubvinoError, type HubvinoErrorOptions } from '@hubvino/runtime/errors';

/**
 * Fetching a remote model failed: the host is unreachable (offline), answered 404 or kept failing
 * with 5xx / time-outs after the retries, sent something that is not a (complete) tar archive.
 * Exit code class `source` (3). Nothing is left in the cache.
 */
export class DownloadError extends HubvinoError {
  /** The URL that was requested (with `tf-hub-format=compressed` when added). */
  readonly url: string;
  /** The last HTTP status, when the server answered. */
  readonly status: number | undefined;

  constructor(url: string, message: string, options: HubvinoErrorOptions & { code?: string; status?: number } = {}) {
    super(options.code ?? 'ERR_DOWNLOAD', 'source', message, options);
    this.name = 'DownloadError';
    this.url = url;
    this.status = options.status;
  }
}
