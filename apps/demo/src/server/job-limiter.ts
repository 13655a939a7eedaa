import { HttpError } from './http-error.js';

/** Options of {@link JobLimiter}. */
export interface JobLimiterOptions {
  /** Jobs run at once; more wait in line. */
  concurrency: number;
  /** Jobs that may wait; more are refused with 503 at once. */
  maxQueued: number;
}

/**
 * Runs image jobs (decode + inference + encode) a few at a time, in arrival order. Each job's
 * memory is bounded by the decode limits, so the number running at once bounds the server's memory
 * whatever the number of clients; a full line answers 503 with `Retry-After` instead of growing.
 */
export class JobLimiter {
  readonly #concurrency: number;
  readonly #maxQueued: number;
  readonly #waiting: (() => void)[] = [];
  #running = 0;

  constructor(options: JobLimiterOptions) {
    for (const [name, value, minimum] of [
      ['concurrency', options.concurrency, 1],
      ['maxQueued', options.maxQueued, 0],
    ] as const) {
      if (!Number.isSafeInteger(value) || value < minimum) {
        throw new RangeError(`'${name}' must be an integer >= ${minimum} (got ${String(value)})`);
      }
    }
    this.#concurrency = options.concurrency;
    this.#maxQueued = options.maxQueued;
  }

  /** Jobs running now. */
  get running(): number {
    return this.#running;
  }

  /** Jobs waiting now. */
  get queued(): number {
    return this.#waiting.length;
  }

  /**
   * Runs `job` when a slot is free.
   * @throws HttpError 503 `ERR_SERVER_BUSY` when the line is full.
   */
  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#concurrency) {
      if (this.#waiting.length >= this.#maxQueued) {
        throw new HttpError(
          503,
          'ERR_SERVER_BUSY',
          `The server is busy (${this.#running} images in work, ${this.#waiting.length} waiting); try again in a moment.`,
        );
      }
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running += 1;
    }
    try {
      return await job();
    } finally {
      const next = this.#waiting.shift();
      // The slot passes straight to the next job, so #running stays the same.
      if (next) next();
      else this.#running -= 1;
    }
  }
}
