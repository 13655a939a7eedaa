import { ArgumentError } from '../../errors/argument-error.js';

/** Options every task accepts, however it is created. */
export interface TaskRunOptions {
  /** Refuse images of more pixels than this before decoding them (default 100 megapixels). */
  maxPixels?: number;
  /**
   * InferRequests per compiled model (default: twice its `OPTIMAL_NUMBER_OF_INFER_REQUESTS`, as
   * InferQueue does). Concurrent calls and arrays of inputs use them all.
   */
  requests?: number;
}

/** {@link TaskRunOptions} after {@link checkTaskRunOptions}. */
export interface CheckedRunOptions {
  maxPixels: number | undefined;
  requests: number | undefined;
}

/** The most InferRequests a task keeps per compiled model. */
export const MAX_TASK_REQUESTS = 64;

/**
 * Checks that `options` is an object (default `{}`) and its {@link TaskRunOptions}.
 * @throws ArgumentError naming `options`, `maxPixels` or `requests`.
 */
export function checkTaskRunOptions(options: unknown, example = '{ requests: 2 }'): CheckedRunOptions {
  checkOptionsObject(options, example);
  const { maxPixels, requests } = options as TaskRunOptions;
  if (maxPixels !== undefined && (!Number.isSafeInteger(maxPixels) || maxPixels < 1)) {
    throw new ArgumentError(`'maxPixels' must be a positive integer (got ${String(maxPixels)})`, {
      argument: 'maxPixels',
    });
  }
  if (requests !== undefined && (!Number.isSafeInteger(requests) || requests < 1 || requests > MAX_TASK_REQUESTS)) {
    throw new ArgumentError(`'requests' must be an integer from 1 to ${MAX_TASK_REQUESTS} (got ${String(requests)})`, {
      argument: 'requests',
    });
  }
  return { maxPixels, requests };
}

/**
 * Checks that an options argument is a plain object.
 * @throws ArgumentError naming `argument` with an example of what to pass.
 */
export function checkOptionsObject(options: unknown, example: string, argument = 'options'): asserts options is object {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ArgumentError(`'${argument}' must be an object such as ${example}`, { argument });
  }
}
