import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ArgumentError } from '@hubvino/runtime';

/** Hosts that serve TF Hub handles (tfhub.dev redirects to Kaggle; the China mirror). */
export const knownHubHosts: readonly string[] = Object.freeze([
  'tfhub.dev',
  'www.kaggle.com',
  'kaggle.com',
  'hub.tensorflow.google.cn',
]);

/** How remote models are fetched and cached. Every field has a default; see {@link hubSettingsFrom}. */
export interface HubSettings {
  /** The TF Hub cache folder: `$TFHUB_CACHE_DIR`, else `<os temp dir>/tfhub_modules` (as tensorflow_hub). */
  cacheDirectory: string;
  /**
   * Host -> base URL replacements applied to every request, redirects included, e.g.
   * `{ 'tfhub.dev': 'http://127.0.0.1:8080' }`. The handle (and so its cache folder) is unchanged.
   * From `HUBVINO_HUB_HOST_MAP` (`tfhub.dev=http://127.0.0.1:8080,www.kaggle.com=http://...`).
   */
  hostMap: Readonly<Record<string, string>>;
  /** Extra attempts after a 5xx, 429, reset connection or time-out (default 3). */
  retries: number;
  /** First back-off delay; doubles on each retry (default 1000 ms). */
  retryDelayMs: number;
  /** No response headers, or no body bytes, for this long counts as a time-out (default 60 000 ms). */
  timeoutMs: number;
  /**
   * A download lock whose holder made no progress for this long is taken over (default 10 minutes,
   * as tensorflow_hub). Locks of processes that are gone (same host) are taken over at once.
   */
  lockTimeoutMs: number;
  /** How often a waiting process checks the lock (default 250 ms). */
  lockPollMs: number;
}

/** `value` as a number of the given kind, or undefined when unset; else an ArgumentError naming `name`. */
function numberFromEnvironment(
  value: string | undefined,
  name: string,
  kind: 'positive' | 'non-negative' | 'non-negative integer',
): number | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  const valid =
    value.trim() !== '' &&
    Number.isFinite(parsed) &&
    (kind === 'positive' ? parsed > 0 : parsed >= 0) &&
    (kind !== 'non-negative integer' || Number.isInteger(parsed));
  if (!valid) {
    throw new ArgumentError(`'${name}' must be a ${kind} number (got ${JSON.stringify(value)})`, { argument: name });
  }
  return parsed;
}

/**
 * Parses `HUBVINO_HUB_HOST_MAP`: comma-separated `host=baseUrl` pairs.
 * @throws ArgumentError naming the variable when a pair or URL is malformed.
 */
export function parseHostMap(text: string | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  if (!text) return map;
  for (const pair of text.split(',')) {
    const trimmed = pair.trim();
    if (!trimmed) continue;
    const separator = trimmed.indexOf('=');
    const host = trimmed.slice(0, separator).trim().toLowerCase();
    const base = trimmed.slice(separator + 1).trim();
    if (separator <= 0 || !/^https?:\/\/[^/]+/.test(base)) {
      throw new ArgumentError(
        `'HUBVINO_HUB_HOST_MAP' must be comma-separated host=http(s)://base pairs, e.g. tfhub.dev=http://127.0.0.1:8080 (got ${JSON.stringify(trimmed)})`,
        { argument: 'HUBVINO_HUB_HOST_MAP' },
      );
    }
    map[host] = base.replace(/\/+$/, '');
  }
  return map;
}

/** The default TF Hub cache folder for `environment` (tensorflow_hub's rule). */
export function defaultCacheDirectory(environment: NodeJS.ProcessEnv = process.env): string {
  return environment.TFHUB_CACHE_DIR ? resolve(environment.TFHUB_CACHE_DIR) : join(tmpdir(), 'tfhub_modules');
}

/**
 * Settings from `overrides`, then the environment (`TFHUB_CACHE_DIR`, `HUBVINO_HUB_HOST_MAP`,
 * `HUBVINO_HUB_RETRIES`, `HUBVINO_HUB_RETRY_DELAY_MS`, `HUBVINO_HUB_TIMEOUT_MS`), then defaults.
 */
export function hubSettingsFrom(
  overrides: Partial<HubSettings> = {},
  environment: NodeJS.ProcessEnv = process.env,
): HubSettings {
  return {
    cacheDirectory: overrides.cacheDirectory ? resolve(overrides.cacheDirectory) : defaultCacheDirectory(environment),
    hostMap: overrides.hostMap ?? parseHostMap(environment.HUBVINO_HUB_HOST_MAP),
    retries:
      overrides.retries ??
      numberFromEnvironment(environment.HUBVINO_HUB_RETRIES, 'HUBVINO_HUB_RETRIES', 'non-negative integer') ??
      3,
    retryDelayMs:
      overrides.retryDelayMs ??
      numberFromEnvironment(environment.HUBVINO_HUB_RETRY_DELAY_MS, 'HUBVINO_HUB_RETRY_DELAY_MS', 'non-negative') ??
      1000,
    timeoutMs:
      overrides.timeoutMs ??
      numberFromEnvironment(environment.HUBVINO_HUB_TIMEOUT_MS, 'HUBVINO_HUB_TIMEOUT_MS', 'positive') ??
      60_000,
    lockTimeoutMs: overrides.lockTimeoutMs ?? 10 * 60_000,
    lockPollMs: overrides.lockPollMs ?? 250,
  };
}

/** `url` with its origin replaced when its host is in `hostMap` (path and query kept). */
export function mapRequestUrl(url: string, hostMap: Readonly<Record<string, string>>): string {
  const parsed = new URL(url);
  const base = hostMap[parsed.host.toLowerCase()] ?? hostMap[parsed.hostname.toLowerCase()];
  if (!base) return url;
  return `${base}${parsed.pathname}${parsed.search}`;
}
