import type { PreparedModel } from '../models/prepared-model.js';
import { median } from '../statistics/summarize.js';
import { compilePreparedModel } from './compile-prepared-model.js';
import { randomInputTensor } from './input-data.js';

/** One timed round of hubvino's synchronous latency. */
export interface LatencyRound {
  medianMs: number;
  /** Timed inferences (warm-up excluded). */
  count: number;
}

/** A compiled LATENCY model with one request, ready to time rounds of `request.infer(tensor)`. */
export interface LatencySession extends Disposable {
  /** Times `request.infer(tensor)` in a loop for `durationSeconds`; returns the round's median. */
  round(durationSeconds: number): LatencyRound;
}

/** Inferences run before the first round (benchmark_app excludes its first one). */
export const latencyWarmupCount = 5;

/**
 * Compiles `prepared` for hubvino's latency as a user sees it: LATENCY hint, one InferRequest,
 * `request.infer(tensor)` on the calling thread (each call sets the input and copies the output
 * out). Warm-up inferences run here, before any round.
 */
export async function openLatencySession(prepared: PreparedModel, device = 'CPU'): Promise<LatencySession> {
  const compiledModel = await compilePreparedModel(prepared, 'LATENCY', device);
  const request = compiledModel.compiled.createInferRequest();
  const input = randomInputTensor(prepared.inputElementType, prepared.inputShape);
  for (let index = 0; index < latencyWarmupCount; index += 1) request.infer(input);
  return {
    round(durationSeconds: number): LatencyRound {
      const samples: number[] = [];
      const deadline = performance.now() + durationSeconds * 1000;
      for (;;) {
        const started = performance.now();
        request.infer(input);
        const ended = performance.now();
        samples.push(ended - started);
        if (ended >= deadline) break;
      }
      return { medianMs: median(samples), count: samples.length };
    },
    [Symbol.dispose]() {
      input.dispose();
      request.dispose();
      compiledModel[Symbol.dispose]();
    },
  };
}
