import { InferQueue, Tensor } from '@hubvino/runtime';
import type { PreparedModel } from '../models/prepared-model.js';
import { compilePreparedModel } from './compile-prepared-model.js';
import { randomInputData } from './input-data.js';

/** One timed round of hubvino's throughput. */
export interface ThroughputRound {
  perSecond: number;
  /** Completed inferences in the round. */
  count: number;
  seconds: number;
}

/** A compiled THROUGHPUT model with an InferQueue, ready to time rounds. */
export interface ThroughputSession extends Disposable {
  /** Requests in the queue (the InferQueue's default unless given). */
  readonly requests: number;
  /** `OPTIMAL_NUMBER_OF_INFER_REQUESTS` of the compiled model. */
  readonly optimalRequests: number;
  /** Keeps every request busy for `durationSeconds`; completed inferences / elapsed seconds. */
  round(durationSeconds: number): Promise<ThroughputRound>;
}

/**
 * Compiles `prepared` with the THROUGHPUT hint and an InferQueue of `requests` requests (default:
 * the InferQueue's own, twice `OPTIMAL_NUMBER_OF_INFER_REQUESTS`; benchmark_app's default `-nireq`
 * is `optimalRequests`). One warm-up round over every request runs here.
 */
export async function openThroughputSession(
  prepared: PreparedModel,
  requests?: number,
  device = 'CPU',
): Promise<ThroughputSession> {
  const compiledModel = await compilePreparedModel(prepared, 'THROUGHPUT', device);
  const optimal = Number(compiledModel.compiled.getProperty('OPTIMAL_NUMBER_OF_INFER_REQUESTS'));
  const optimalRequests = Number.isInteger(optimal) && optimal > 0 ? optimal : 1;
  const queue = new InferQueue(compiledModel.compiled, requests);
  const count = queue.size;
  const size = prepared.inputShape.reduce((product, dimension) => product * dimension, 1);
  const inputs = Array.from(
    { length: count },
    (_, index) =>
      new Tensor(
        prepared.inputElementType,
        prepared.inputShape,
        randomInputData(prepared.inputElementType, size, index + 1),
      ),
  );
  await queue.runAll(inputs);
  return {
    requests: count,
    optimalRequests,
    async round(durationSeconds: number): Promise<ThroughputRound> {
      let completed = 0;
      let stopping = false;
      const started = performance.now();
      const deadline = started + durationSeconds * 1000;
      let ended = started;
      // One submitter per request keeps `requests` jobs in flight; each resubmits when its job ends.
      await Promise.all(
        inputs.map(async (input) => {
          while (!stopping) {
            await queue.run(input);
            completed += 1;
            const now = performance.now();
            ended = Math.max(ended, now);
            if (now >= deadline) stopping = true;
          }
        }),
      );
      const seconds = (ended - started) / 1000;
      return { perSecond: completed / seconds, count: completed, seconds };
    },
    [Symbol.dispose]() {
      queue.dispose();
      for (const input of inputs) input.dispose();
      compiledModel[Symbol.dispose]();
    },
  };
}
