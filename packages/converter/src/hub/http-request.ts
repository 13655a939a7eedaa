import { DownloadError } from '../errors/download-error.js';
import { type HubSettings, mapRequestUrl } from './hub-settings.js';

const maximumRedirects = 10;
const offlineCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN']);

/** A response with a body, after redirects. */
export interface HubResponse {
  response: Response;
  /** The last URL requested (as the handle's hosts name it, before host mapping). */
  finalUrl: string;
  /** Aborts the request and its body. */
  controller: AbortController;
}

/** Why one attempt failed, and whether another attempt may help. */
export class AttemptError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly final: DownloadError,
  ) {
    super(message);
  }
}

function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The one line users see when the hub host cannot be reached at all. */
export function offlineMessage(handle: string): string {
  return `cannot reach ${new URL(handle).host}; pass a local path or set TFHUB_CACHE_DIR`;
}

/**
 * Classifies a transport failure (no HTTP status): time-outs and resets may be retried;
 * DNS / refused connections end as the offline error after the retries.
 */
export function transportFailure(handle: string, url: string, error: unknown, timedOut: boolean): AttemptError {
  if (timedOut) {
    return new AttemptError(
      'time-out',
      true,
      new DownloadError(`Timed out fetching ${url} (no data within the time-out); try again later.`, {
        url: url,
        code: 'ERR_DOWNLOAD_TIMEOUT',
        cause: error,
      }),
    );
  }
  const code = networkCode(error);
  if (code && offlineCodes.has(code)) {
    return new AttemptError(
      code,
      code !== 'ENOTFOUND',
      new DownloadError(offlineMessage(handle), { url: url, code: 'ERR_OFFLINE', cause: error }),
    );
  }
  return new AttemptError(
    code ?? String(error),
    true,
    new DownloadError(
      `The connection to ${new URL(url).host} failed (${code ?? (error as Error).message}) while fetching ${url}; try again.`,
      { url: url, code: 'ERR_DOWNLOAD_INTERRUPTED', cause: error },
    ),
  );
}

/**
 * GETs `url`, following redirects by hand so that every hop goes through the host map. Resolves
 * with a 2xx response whose body is still unread; throws {@link AttemptError} otherwise.
 */
export async function requestFollowingRedirects(
  handle: string,
  url: string,
  settings: HubSettings,
): Promise<HubResponse> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, settings.timeoutMs);
  let current = url;
  try {
    for (let hop = 0; hop <= maximumRedirects; hop += 1) {
      let response: Response;
      try {
        response = await fetch(mapRequestUrl(current, settings.hostMap), {
          redirect: 'manual',
          signal: controller.signal,
          headers: { 'user-agent': 'hubvino-converter', accept: '*/*' },
        });
      } catch (error) {
        throw transportFailure(handle, current, error, timedOut);
      }
      if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
        await response.body?.cancel().catch(() => undefined);
        current = new URL(response.headers.get('location') as string, current).toString();
        continue;
      }
      if (response.ok) return { response, finalUrl: current, controller };
      await response.body?.cancel().catch(() => undefined);
      const status = response.status;
      if (status === 404 || status === 410) {
        throw new AttemptError(
          String(status),
          false,
          new DownloadError(
            `${handle} was not found (HTTP ${status} from ${current}); check the handle and its version.`,
            { url: current, code: 'ERR_NOT_FOUND', status },
          ),
        );
      }
      const retryable = status >= 500 || status === 429 || status === 408;
      throw new AttemptError(
        String(status),
        retryable,
        new DownloadError(
          `Fetching ${current} failed with HTTP ${status}${retryable ? ' after retries; try again later' : ''}.`,
          { url: current, code: 'ERR_HTTP_STATUS', status },
        ),
      );
    }
    throw new AttemptError(
      'redirects',
      false,
      new DownloadError(`Too many redirects (more than ${maximumRedirects}) fetching ${url}.`, {
        url: current,
        code: 'ERR_TOO_MANY_REDIRECTS',
      }),
    );
  } finally {
    clearTimeout(timer);
  }
}
