import { CompiledModel } from './compiled-model.js';
import type { SupportedTypedArray } from './element.js';
import { OpenVinoNodeError } from './errors/openvino-node-error.js';
import type { InferInputData, InferRequest } from './infer-request.js';
import type { Tensor } from './tensor.js';

/** Called when a job ends: `(error, request, userData)`. */
export type AsyncInferQueueCallback = (error: null | Error, inferRequest: InferRequest, userData: object) => void;

interface Job {
  inputs: InferInputData;
  userData: unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const incorrect = (method: string) => new OpenVinoNodeError(`'${method}' method called with incorrect parameters.`);
const constructorError = () =>
  new OpenVinoNodeError("'AsyncInferQueue' constructor method called with incorrect parameters.");

/**
 * openvino-node's AsyncInferQueue: a pool of InferRequests; `startAsync` runs a job on the next
 * free request, then calls the callback with that request (its outputs readable there).
 */
export class AsyncInferQueue {
  readonly #requests: InferRequest[];
  readonly #idle: InferRequest[];
  readonly #waiting: Job[] = [];
  #callback: AsyncInferQueueCallback | undefined;
  #released = false;

  constructor(compiledModel: CompiledModel, jobs?: number);
  constructor(...args: unknown[]) {
    const [compiledModel, jobs] = args;
    if (args.length < 1 || args.length > 2) throw constructorError();
    if (!(compiledModel instanceof CompiledModel)) {
      if (compiledModel === null || compiledModel === undefined) {
        throw new TypeError('Cannot convert undefined or null to object');
      }
      throw constructorError();
    }
    let count: number;
    if (jobs === undefined) {
      const optimal = Number(compiledModel.getProperty('OPTIMAL_NUMBER_OF_INFER_REQUESTS'));
      count = Number.isSafeInteger(optimal) && optimal > 0 ? optimal : 1;
    } else if (typeof jobs === 'number' && Number.isSafeInteger(jobs) && jobs > 0) {
      count = jobs;
    } else {
      throw constructorError();
    }
    this.#requests = Array.from({ length: count }, () => compiledModel.createInferRequest());
    this.#idle = [...this.#requests];
  }

  /** Sets the one callback every job calls when it ends (replacing the previous one). */
  setCallback(callback: AsyncInferQueueCallback): void;
  setCallback(...args: unknown[]): void {
    const [callback] = args;
    if (args.length !== 1 || typeof callback !== 'function') throw incorrect('set_callback');
    this.#assertLive();
    this.#callback = callback as AsyncInferQueueCallback;
  }

  /**
   * Starts a job on the next free request (queued while all are busy). The Promise resolves with
   * `userData` once the callback has run, and rejects with what the callback threw.
   */
  startAsync(
    inputData: { [inputName: string]: Tensor | SupportedTypedArray } | (Tensor | SupportedTypedArray)[],
    userData?: object,
  ): Promise<object>;
  startAsync(...args: unknown[]): Promise<object> {
    const [inputs, userData] = args;
    if (args.length < 1 || args.length > 2 || typeof inputs !== 'object' || inputs === null) {
      throw incorrect('startAsync');
    }
    this.#assertLive();
    if (!this.#callback) {
      throw new OpenVinoNodeError("'startAsync' needs a callback: call setCallback() first.");
    }
    return new Promise<unknown>((resolve, reject) => {
      this.#waiting.push({ inputs: inputs as InferInputData, userData, resolve, reject });
      this.#next();
    }) as Promise<object>;
  }

  /** Releases the requests. Call it once every job has finished. */
  release(): void;
  release(...args: unknown[]): void {
    if (args.length > 0) throw incorrect('release');
    if (this.#released) throw new OpenVinoNodeError('Failed to release AsyncInferQueue thread-safe function.');
    this.#released = true;
    for (const job of this.#waiting.splice(0)) {
      job.reject(new OpenVinoNodeError('AsyncInferQueue was released before the job started.'));
    }
    this.#idle.length = 0;
  }

  #assertLive(): void {
    if (this.#released) throw new OpenVinoNodeError('AsyncInferQueue was released.');
  }

  #next(): void {
    while (this.#idle.length > 0 && this.#waiting.length > 0) {
      const request = this.#idle.shift() as InferRequest;
      const job = this.#waiting.shift() as Job;
      this.#run(request, job);
    }
  }

  #run(request: InferRequest, job: Job): void {
    let started: Promise<unknown>;
    try {
      started = request.inferAsync(job.inputs as Tensor[]);
    } catch (error) {
      started = Promise.reject(error);
    }
    started
      .then(
        () => this.#finish(request, job, null),
        (error: unknown) => this.#finish(request, job, error instanceof Error ? error : new Error(String(error))),
      )
      .finally(() => {
        if (!this.#released) {
          this.#idle.push(request);
          this.#next();
        }
      });
  }

  #finish(request: InferRequest, job: Job, error: Error | null): void {
    try {
      this.#callback?.(error, request, job.userData as object);
      if (error) job.reject(error);
      else job.resolve(job.userData);
    } catch (thrown) {
      job.reject(thrown);
    }
  }
}
