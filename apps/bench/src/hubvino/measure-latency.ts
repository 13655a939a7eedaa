import { Tensor } from '@hubvino/runtime';
import type { PreparedModel } from '../models/prepared-model.js';
import { summarize } from '../statistics/summarize.js';
import { compilePreparedModel } from './compile-prepared-model.js';
import { randomInputData } from './input-data.js';

/** hubvino's synchronous latency on one model. */
export interface HubvinoLatency {
  medianMs: number;
  meanMs: number;
  p90Ms: number;
  /** Timed inferences (warm-up excluded). */
  count: number;
  warmupCount: number;
}

/** Inferences run before timing starts (benchmark_app excludes its first one). */
export const latencyWarmupCount = 5;

/**
 * hubvino's latency as a user sees it: LATENCY hint, one InferRequest, `request.infer(tensor)` on
 * the calling thread in a loop for `durationSeconds` (each call includes setting the input and
 * copying the output out), median of the per-call wall times. Warm-up calls are excluded.
 */
export async function measureHubvinoLatency(
  prepared: PreparedModel,
  durationSeconds: number,
  device = 'CPU',
): Promise<HubvinoLatency> {
  using compiledModel = await compilePreparedModel(prepared, 'LATENCY', device);
  using request = compiledModel.compiled.createInferRequest();
  const size = prepared.inputShape.reduce((product, dimension) => product * dimension, 1);
  using input = new Tensor(
    prepared.inputElementType,
    prepared.inputShape,
    randomInputData(prepared.inputElementType, size),
  );
  for (let index = 0; index < latencyWarmupCount; index += 1) request.infer(input);
  const samples: number[] = [];
  const deadline = performance.now() + durationSeconds * 1000;
  for (;;) {
    const started = performance.now();
    request.infer(input);
    const ended = performance.now();
    samples.push(ended - started);
    if (ended >= deadline) break;
  }
  const summary = summarize(samples);
  return {
    medianMs: summary.median,
    meanMs: summary.mean,
    p90Ms: summary.p90,
    count: summary.count,
    warmupCount: latencyWarmupCount,
  };
}
