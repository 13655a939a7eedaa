import { InferQueue, Tensor } from '@hubvino/runtime';
import type { PreparedModel } from '../models/prepared-model.js';
import { compilePreparedModel } from './compile-prepared-model.js';
import { randomInputData } from './input-data.js';

/** hubvino's throughput on one model. */
export interface HubvinoThroughput {
  perSecond: number;
  /** Requests kept in flight. */
  requests: number;
  /** Completed inferences in the timed window. */
  count: number;
  seconds: number;
  /** `OPTIMAL_NUMBER_OF_INFER_REQUESTS` of the THROUGHPUT-compiled model. */
  optimalRequests: number;
  /** What ran the requests, e.g. `InferQueue` or `InferRequest.inferAsync x N`. */
  driver: string;
}

/**
 * The number of requests the THROUGHPUT hint asks for on `device` (`OPTIMAL_NUMBER_OF_INFER_REQUESTS`);
 * benchmark_app gets the same `-nireq`.
 */
export async function optimalThroughputRequests(prepared: PreparedModel, device = 'CPU'): Promise<number> {
  using compiledModel = await compilePreparedModel(prepared, 'THROUGHPUT', device);
  const value = Number(compiledModel.compiled.getProperty('OPTIMAL_NUMBER_OF_INFER_REQUESTS'));
  return Number.isInteger(value) && value > 0 ? value : 1;
}

/**
 * hubvino's throughput: THROUGHPUT hint, `requests` inferences kept in flight for `durationSeconds`
 * after one warm-up round; completed inferences / elapsed seconds.
 */
export async function measureHubvinoThroughput(
  prepared: PreparedModel,
  durationSeconds: number,
  requests: number,
  device = 'CPU',
): Promise<HubvinoThroughput> {
  using compiledModel = await compilePreparedModel(prepared, 'THROUGHPUT', device);
  const optimalRequests = Number(compiledModel.compiled.getProperty('OPTIMAL_NUMBER_OF_INFER_REQUESTS'));
  const size = prepared.inputShape.reduce((product, dimension) => product * dimension, 1);
  const inputs = Array.from(
    { length: requests },
    (_, index) =>
      new Tensor(
        prepared.inputElementType,
        prepared.inputShape,
        randomInputData(prepared.inputElementType, size, index + 1),
      ),
  );
  using queue = new InferQueue(compiledModel.compiled, requests);
  try {
    // Warm-up: one round on every request, excluded.
    await queue.runAll(inputs);
    let count = 0;
    let stopping = false;
    const started = performance.now();
    const deadline = started + durationSeconds * 1000;
    let ended = started;
    // One submitter per request keeps `requests` jobs in flight; each resubmits when its job ends.
    await Promise.all(
      inputs.map(async (input) => {
        while (!stopping) {
          await queue.run(input);
          count += 1;
          const now = performance.now();
          ended = Math.max(ended, now);
          if (now >= deadline) stopping = true;
        }
      }),
    );
    const seconds = (ended - started) / 1000;
    return { perSecond: count / seconds, requests, count, seconds, optimalRequests, driver: 'InferQueue.run' };
  } finally {
    for (const input of inputs) input.dispose();
  }
}
