import { HubvinoError } from '@hubvino/runtime';
import { quantile } from '../statistics/summarize.js';

/** Options of {@link runLoadTest}. */
export interface LoadTestOptions {
  /** Clients calling at once, each waiting for its answer before the next call. */
  concurrency: number;
  /** How long new calls are started (calls in flight then finish, bounded by the client's time-out). */
  durationMs: number;
  /** One call (one inference). */
  call: () => Promise<unknown>;
}

/** What a load test measured. */
export interface LoadTestResult {
  concurrency: number;
  /** Wall time from the first call to the last answer. */
  elapsedMs: number;
  completed: number;
  failed: number;
  /** Failures by error code (`ERR_REMOTE_UNAVAILABLE`, ...; `ERR_UNTYPED` for anything not a hubvino error). */
  errorsByCode: Record<string, number>;
  /** Completed calls per second. */
  throughput: number;
  /** Latency of the completed calls. */
  latencyMs: { p50: number; p90: number; p99: number; max: number };
}

/**
 * Runs `concurrency` clients in a closed loop for `durationMs`: each calls, waits for the answer (or
 * the error), and calls again until the time is up. Latencies of completed calls give p50/p90/p99;
 * failures are counted by their error code, so a server that dies mid-run shows as typed errors.
 */
export async function runLoadTest(options: LoadTestOptions): Promise<LoadTestResult> {
  const { concurrency, durationMs, call } = options;
  const latencies: number[] = [];
  const errorsByCode: Record<string, number> = {};
  let failed = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const begun = performance.now();
        try {
          await call();
          latencies.push(performance.now() - begun);
        } catch (error) {
          failed += 1;
          const code = HubvinoError.isInstance(error) ? error.code : 'ERR_UNTYPED';
          errorsByCode[code] = (errorsByCode[code] ?? 0) + 1;
        }
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  const at = (fraction: number) => (latencies.length === 0 ? Number.NaN : quantile(latencies, fraction));
  return {
    concurrency,
    elapsedMs,
    completed: latencies.length,
    failed,
    errorsByCode,
    throughput: latencies.length / (elapsedMs / 1000),
    latencyMs: {
      p50: at(0.5),
      p90: at(0.9),
      p99: at(0.99),
      max: latencies.length === 0 ? Number.NaN : latencies.reduce((largest, value) => Math.max(largest, value), 0),
    },
  };
}
