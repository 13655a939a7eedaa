/** What `benchmark_app` measured in one run (times in milliseconds, throughput in inferences per second). */
export interface BenchmarkAppReport {
  /** Time to read the model (`read model time`). */
  readModelMs: number | undefined;
  /** Time to compile the model (`compile model time`); with a warm cache directory this is the cache load. */
  compileModelMs: number | undefined;
  /** The first (warm-up) inference, which benchmark_app leaves out of the statistics. */
  firstInferenceMs: number | undefined;
  /** Median latency over the measured iterations. */
  medianLatencyMs: number | undefined;
  /** Average latency over the measured iterations. */
  averageLatencyMs: number | undefined;
  /** Measured iterations. */
  iterations: number | undefined;
  /** Measured duration. */
  durationMs: number | undefined;
  /** Inferences per second. */
  throughput: number | undefined;
  /** Number of parallel infer requests benchmark_app used. */
  requests: number | undefined;
  /** Streams the CPU plugin chose (`NUM_STREAMS`), from stdout. */
  streams: number | undefined;
  /** `INFERENCE_PRECISION_HINT` the CPU plugin chose (e.g. `bfloat16`, `f32`), from stdout. */
  inferencePrecision: string | undefined;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

function field(section: unknown, key: string): unknown {
  if (section === null || typeof section !== 'object') return undefined;
  return (section as Record<string, unknown>)[key];
}

function firstMatch(text: string, pattern: RegExp): string | undefined {
  return pattern.exec(text)?.[1];
}

/**
 * Parses the report of `benchmark_app -report_type no_counters -json_stats` (the
 * `benchmark_report.json` file in `-report_folder`). Missing or unparsable fields are `undefined`.
 */
export function parseBenchmarkAppJson(text: string): BenchmarkAppReport {
  const document: unknown = JSON.parse(text);
  const results = field(document, 'execution_results');
  const setup = field(document, 'configuration_setup');
  return {
    readModelMs: toNumber(field(results, 'read model time (ms)')),
    compileModelMs: toNumber(field(results, 'compile model time (ms)')),
    firstInferenceMs: toNumber(field(results, 'first inference time (ms)')),
    medianLatencyMs: toNumber(field(results, 'latency (ms)')),
    averageLatencyMs: toNumber(field(results, 'avg latency')),
    iterations: toNumber(field(results, 'total number of iterations')),
    durationMs: toNumber(field(results, 'total execution time (ms)')),
    throughput: toNumber(field(results, 'throughput')),
    requests: toNumber(field(setup, 'number of parallel infer requests')),
    streams: undefined,
    inferencePrecision: undefined,
  };
}

/**
 * Parses what `benchmark_app` prints (its log goes to stdout and stderr; pass both). Used on its own
 * when there is no JSON report, and to add the plugin's chosen settings to one.
 */
export function parseBenchmarkAppOutput(text: string): BenchmarkAppReport {
  const number = (pattern: RegExp) => toNumber(firstMatch(text, pattern));
  return {
    readModelMs: number(/Read model took\s+([\d.]+)\s*ms/),
    compileModelMs: number(/Compile model took\s+([\d.]+)\s*ms/),
    firstInferenceMs: number(/First inference took\s+([\d.]+)\s*ms/),
    medianLatencyMs: number(/Median:\s+([\d.]+)\s*ms/),
    averageLatencyMs: number(/Average:\s+([\d.]+)\s*ms/),
    iterations: number(/Count:\s+(\d+)\s+iterations/),
    durationMs: number(/Duration:\s+([\d.]+)\s*ms/),
    throughput: number(/Throughput:\s+([\d.]+)\s*FPS/),
    requests: number(/(\d+) inference requests?/),
    streams: number(/\bNUM_STREAMS:\s+(\d+)/),
    inferencePrecision: firstMatch(text, /INFERENCE_PRECISION_HINT:\s+(?:<Type: ')?([\w]+)/),
  };
}

/** Combines both sources: the JSON report where it has a value, the printed log otherwise. */
export function mergeBenchmarkAppReports(
  json: BenchmarkAppReport | undefined,
  output: BenchmarkAppReport,
): BenchmarkAppReport {
  if (!json) return output;
  const merged = { ...output };
  for (const key of Object.keys(json) as (keyof BenchmarkAppReport)[]) {
    const value = json[key];
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}
