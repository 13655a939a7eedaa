/** How a call that got 503 Service Unavailable (or found no listener) is tried again. */
export interface RetryPolicy {
  /** Further attempts after the first (default 3). */
  retries: number;
  /** Wait before the first retry, doubled each time (default 100 ms). */
  initialDelayMs: number;
  /** Longest wait between attempts (default 2000 ms); a server's `Retry-After` is capped by it too. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  retries: 3,
  initialDelayMs: 100,
  maxDelayMs: 2000,
});

/**
 * The wait before retry number `attempt` (1-based): exponential back-off with "full jitter" (a
 * random wait up to the exponential bound, so many clients that failed together do not return
 * together), or the server's `Retry-After` seconds when it sent them; never over `maxDelayMs`.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfter?: string, random = Math.random): number {
  const seconds = retryAfter === undefined ? Number.NaN : Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, policy.maxDelayMs);
  const bound = Math.min(policy.initialDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  return Math.round(bound / 2 + (random() * bound) / 2);
}
