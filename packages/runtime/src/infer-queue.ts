import type { CompiledModel } from './compiled-model.js';
import { ArgumentError } from './errors/argument-error.js';
import { DisposedError } from './errors/disposed-error.js';
import type { InferInputs, InferRequest, InferResult } from './infer-request.js';

interface Waiter {
  resolve: (request: InferRequest) => void;
  reject: (error: unknown) => void;
}

/**
 * Requests an {@link InferQueue} creates by default for each of the compiled model's
 * `OPTIMAL_NUMBER_OF_INFER_REQUESTS` (its streams). OpenVINO's own tools (benchmark_app, Python's
 * AsyncInferQueue) restart a request on OpenVINO's thread inside its completion callback; hubvino's
 * next job is handed over by JavaScript, after Node's event loop has woken up, so with one request per
 * stream each stream idles for that hand-off (and on a machine whose cores all run streams, the loop
 * first has to get a core). With two per stream, OpenVINO already holds the next job when one ends:
 * on a 2-core Xeon, 322 -> 338 inferences/s (TF Lite uint8 MobileNetV2) and 638 -> 722 (FP32),
 * against benchmark_app's 342 and 686 at its default (see BENCHMARKS.md).
 */
export const REQUESTS_PER_OPTIMAL_REQUEST = 2;

/** The size of an {@link InferQueue} created without `requests` for `compiledModel`. */
export function defaultQueueSize(compiledModel: CompiledModel): number {
  const optimal = Number.parseInt(compiledModel.getProperty('OPTIMAL_NUMBER_OF_INFER_REQUESTS'), 10);
  return REQUESTS_PER_OPTIMAL_REQUEST * (Number.isSafeInteger(optimal) && optimal > 0 ? optimal : 1);
}

/**
 * A pool of InferRequests of one CompiledModel, like OpenVINO's AsyncInferQueue: `run()` takes a
 * free request (waiting for one when all are busy, first come first served), runs `inferAsync` and
 * resolves with that job's outputs. Keeping N requests in flight is how a THROUGHPUT-compiled model
 * reaches its throughput.
 *
 * ```ts
 * using queue = new InferQueue(compiled);           // 2 x OPTIMAL_NUMBER_OF_INFER_REQUESTS requests
 * const results = await queue.runAll(batches);      // outputs in submission order
 * ```
 */
export class InferQueue implements Disposable {
  readonly #requests: InferRequest[];
  readonly #idle: InferRequest[];
  readonly #waiters: Waiter[] = [];
  #pending = 0;
  #drained: (() => void)[] = [];
  #disposed = false;

  /**
   * @param compiledModel the model to run
   * @param requests number of requests; by default {@link REQUESTS_PER_OPTIMAL_REQUEST} times the
   *   compiled model's `OPTIMAL_NUMBER_OF_INFER_REQUESTS` (one per stream running while JavaScript hands
   *   the other its next job)
   * @throws ArgumentError when `requests` is not a positive integer.
   */
  constructor(compiledModel: CompiledModel, requests?: number) {
    let count = requests;
    if (count === undefined) {
      count = defaultQueueSize(compiledModel);
    } else if (!Number.isSafeInteger(count) || count <= 0) {
      throw new ArgumentError(`'requests' must be a positive integer (got ${JSON.stringify(requests)})`, {
        argument: 'requests',
      });
    }
    this.#requests = Array.from({ length: count }, () => compiledModel.createInferRequest());
    this.#idle = [...this.#requests];
  }

  /** Number of requests in the pool. */
  get size(): number {
    return this.#requests.length;
  }

  /** Requests running an inference right now (at most {@link size}). */
  get running(): number {
    let count = 0;
    for (const request of this.#requests) if (request.busy) count += 1;
    return count;
  }

  /** Jobs submitted and not finished yet (running or waiting for a request). */
  get pending(): number {
    return this.#pending;
  }

  /** True after dispose(). */
  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * Runs one inference on the next free request. Waits (without blocking the event loop) while all
   * requests are busy; waiting jobs get requests in submission order.
   * @throws (rejects) DisposedError after dispose(); ArgumentError for bad inputs; OpenVinoError.
   */
  async run(inputs: InferInputs): Promise<InferResult> {
    if (this.#disposed) throw DisposedError.of('InferQueue');
    this.#pending += 1;
    try {
      // Taken synchronously when one is free, so the inference starts before run() returns.
      const request = this.#idle.pop() ?? (await this.#waitForRequest());
      try {
        return await request.inferAsync(inputs);
      } finally {
        this.#releaseRequest(request);
      }
    } finally {
      this.#pending -= 1;
      if (this.#pending === 0) for (const resolve of this.#drained.splice(0)) resolve();
    }
  }

  /** Runs every input through the queue; the results are in the order of `inputs`. */
  runAll(inputs: readonly InferInputs[]): Promise<InferResult[]> {
    return Promise.all(inputs.map((input) => this.run(input)));
  }

  /** Resolves once no job is pending. */
  waitAll(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drained.push(resolve));
  }

  /**
   * Disposes every request (running ones are freed when they finish) and rejects jobs still waiting
   * for a request with DisposedError.
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(DisposedError.of('InferQueue'));
    for (const request of this.#requests) request.dispose();
    this.#idle.length = 0;
  }

  /** Same as {@link dispose}. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  #waitForRequest(): Promise<InferRequest> {
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  #releaseRequest(request: InferRequest): void {
    if (this.#disposed) return;
    const waiter = this.#waiters.shift();
    if (waiter) waiter.resolve(request);
    else this.#idle.push(request);
  }
}
