import { performance } from 'node:perf_hooks';

/**
 * Where the time of one task call went, in milliseconds; every task result carries one (tasks may
 * add finer fields). Times of a call that waited for a free InferRequest include the wait in `infer`.
 */
export interface TaskTimings {
  /** Reading and decoding the input and turning it into tensors. */
  preprocess: number;
  /** The inference(s), including waiting for a free InferRequest. */
  infer: number;
  /** Turning the outputs into the result (scores, labels, an encoded image). */
  postprocess: number;
  /** From the call to the result. */
  total: number;
}

/** The phases of {@link TaskTimings}. */
export type TaskPhase = 'preprocess' | 'infer' | 'postprocess';

/**
 * Measures {@link TaskTimings}: `time(phase, work)` adds the duration of `work` to `phase`.
 *
 * ```ts
 * const stopwatch = new Stopwatch();
 * const image = await stopwatch.time('preprocess', () => decodeImage(input));
 * return { ..., timings: stopwatch.timings() };
 * ```
 */
export class Stopwatch {
  readonly #started = performance.now();
  readonly #phases: Record<TaskPhase, number> = { preprocess: 0, infer: 0, postprocess: 0 };

  /** Runs `work` and adds its duration to `phase`, even when it throws. */
  async time<T>(phase: TaskPhase, work: () => T | Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.#phases[phase] += performance.now() - started;
    }
  }

  /** Adds `milliseconds` measured elsewhere to `phase`. */
  add(phase: TaskPhase, milliseconds: number): void {
    this.#phases[phase] += milliseconds;
  }

  /** The phases so far and the total since the Stopwatch was created. */
  timings(): TaskTimings {
    return { ...this.#phases, total: performance.now() - this.#started };
  }
}
