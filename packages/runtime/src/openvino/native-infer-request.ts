import koffi from 'koffi';
import { openVino } from './library.js';
import { loopSignals } from './loop-signal.js';
import { check, nativeError } from './native-error.js';

const out: [bigint | null] = [null];

/** `ov_infer_request_free`. */
export function freeInferRequest(request: bigint): void {
  openVino().ov_infer_request_free(request);
}

/** `ov_infer_request_set_input_tensor_by_index`. */
export function setInputTensor(request: bigint, index: number, tensor: bigint): void {
  check(
    openVino().ov_infer_request_set_input_tensor_by_index(request, index, tensor),
    'ov_infer_request_set_input_tensor_by_index',
    `setting input ${index}`,
  );
}

/** `ov_infer_request_set_output_tensor_by_index`. */
export function setOutputTensor(request: bigint, index: number, tensor: bigint): void {
  check(
    openVino().ov_infer_request_set_output_tensor_by_index(request, index, tensor),
    'ov_infer_request_set_output_tensor_by_index',
    `setting output ${index}`,
  );
}

/** `ov_infer_request_get_output_tensor_by_index`: a new `ov_tensor_t` the caller frees. */
export function getOutputTensor(request: bigint, index: number): bigint {
  check(
    openVino().ov_infer_request_get_output_tensor_by_index(request, index, out),
    'ov_infer_request_get_output_tensor_by_index',
    `reading output ${index}`,
  );
  return out[0] as bigint;
}

/** `ov_infer_request_get_input_tensor_by_index`: a new `ov_tensor_t` the caller frees. */
export function getInputTensor(request: bigint, index: number): bigint {
  check(
    openVino().ov_infer_request_get_input_tensor_by_index(request, index, out),
    'ov_infer_request_get_input_tensor_by_index',
    `reading input ${index}`,
  );
  return out[0] as bigint;
}

/** `ov_infer_request_infer` on the calling thread. */
export function infer(request: bigint): void {
  check(openVino().ov_infer_request_infer(request), 'ov_infer_request_infer');
}

interface InFlight {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Requests started and not collected yet, by request pointer (which is also the callback's `args`). */
const inFlight = new Map<bigint, InFlight>();
/** Requests whose completion callback ran, collected in one setImmediate. */
const completed: bigint[] = [];
let collectScheduled = false;
/** The one koffi trampoline that every request's ov_callback_t points at; registered while completions exist. */
let trampoline: unknown;
let completions = 0;
/** Set once the first NativeCompletion chose between the libuv signal and koffi's relay. */
let signalsDecided = false;
/** Ref'ed while inferences are in flight: koffi's relay alone does not keep the event loop alive. */
let keepAlive: NodeJS.Timeout | undefined;

function addressOf(pointer: unknown): bigint {
  return typeof pointer === 'bigint' ? pointer : BigInt(koffi.address(pointer as never));
}

/** Runs on the JavaScript thread (koffi relays OpenVINO's callback thread here); only records. */
function onCompletion(args: unknown): void {
  recordCompletion(addressOf(args));
}

function recordCompletion(request: bigint): void {
  completed.push(request);
  if (!collectScheduled) {
    collectScheduled = true;
    setImmediate(collectCompleted);
  }
}

/**
 * Settles the completed inferences. `ov_infer_request_wait` returns the inference's status (and
 * OpenVINO's message on failure); it never waits here for more than the instant between the
 * callback's return and OpenVINO setting the result, because OpenVINO's thread is no longer waiting
 * for JavaScript by the time setImmediate runs.
 */
function collectCompleted(): void {
  collectScheduled = false;
  const library = openVino();
  for (const request of completed.splice(0)) {
    const waiter = inFlight.get(request);
    if (waiter === undefined) continue;
    inFlight.delete(request);
    const status = library.ov_infer_request_wait(request) as number;
    if (status === 0) waiter.resolve();
    else waiter.reject(nativeError(status, 'ov_infer_request_wait', 'running the inference'));
  }
  if (inFlight.size === 0) keepAlive?.unref();
}

/**
 * Asynchronous inference through OpenVINO's own async API, without libuv's thread pool:
 * `ov_infer_request_start_async` starts the inference on OpenVINO's executor, and the completion
 * callback set with `ov_infer_request_set_callback` settles the promise. Nothing occupies a pool
 * thread, so any number of requests can be in flight next to sharp or fs work.
 *
 * The callback is, on the main thread, libuv's own `uv_async_send` on a handle of this request
 * (loop-signal.ts): OpenVINO's thread signals Node's loop and goes straight on. Elsewhere (worker
 * threads, HUBVINO_COMPLETION=relay) it is one koffi trampoline shared by every request, the
 * request pointer as its `args`; koffi relays it to the JavaScript thread and makes OpenVINO's
 * thread wait until it ran, which costs throughput when every stream is busy.
 *
 * What keeps it from hanging:
 * - OpenVINO's C API keeps the `ov_callback_t` POINTER and reads it at every completion, so the
 *   struct lives in koffi-allocated memory until the request is freed (a struct marshalled for the
 *   one call is gone when the callback fires).
 * - OpenVINO sets the request's result only after the callback returns. So the callback only
 *   records the completion, and `ov_infer_request_wait` is called later, from setImmediate (which
 *   also runs the promise reactions at once; a promise settled from a libuv callback would wait
 *   for the next macrotask). Nothing on the JavaScript thread may wait for an in-flight request
 *   (no `ov_infer_request_wait`, no `ov_infer_request_free`, which waits for the pipeline): the
 *   InferRequest retains its handle until the promise settles.
 * - Neither the unref'ed libuv handles nor koffi's relay keep the event loop alive, so a ref'ed
 *   timer does while any inference is in flight.
 */
export class NativeCompletion {
  readonly #request: bigint;
  #struct: unknown;
  /** The libuv handle OpenVINO signals (see loop-signal.ts); undefined on koffi's relay. */
  #signal: bigint | undefined;

  /** Sets the completion callback on `request` (an `ov_infer_request_t *`). */
  constructor(request: bigint) {
    const library = openVino();
    const signals = loopSignals(recordCompletion);
    signalsDecided = true;
    let signal: bigint | undefined;
    try {
      signal = signals?.acquire(request);
    } catch {
      // uv_async_init failed (libuv out of resources): this request uses koffi's relay instead.
      signal = undefined;
    }
    if (signal === undefined && trampoline === undefined) {
      trampoline = koffi.register(onCompletion, koffi.pointer('ov_completion_callback_t'));
    }
    completions += 1;
    const struct = koffi.alloc('ov_callback_t', 1);
    try {
      koffi.encode(
        struct,
        'ov_callback_t',
        signal === undefined
          ? { callback_func: trampoline, args: request }
          : { callback_func: signals?.send, args: signal },
      );
      check(
        library.ov_infer_request_set_callback(request, struct),
        'ov_infer_request_set_callback',
        'setting the completion callback',
      );
    } catch (error) {
      koffi.free(struct);
      this.#signal = signal;
      this.#release();
      throw error;
    }
    this.#request = request;
    this.#struct = struct;
    this.#signal = signal;
  }

  /** True while an inference started here has not been settled. */
  get running(): boolean {
    return inFlight.has(this.#request);
  }

  /**
   * Starts one inference; resolves when it ends, rejects with an OpenVinoError when it fails (a
   * cancelled inference included).
   */
  start(): Promise<void> {
    const request = this.#request;
    if (this.#struct === undefined) throw new Error('NativeCompletion.start() after dispose');
    if (inFlight.has(request)) throw new Error('NativeCompletion.start() while running');
    const promise = new Promise<void>((resolve, reject) => inFlight.set(request, { resolve, reject }));
    if (keepAlive === undefined) keepAlive = setInterval(() => {}, 1 << 30);
    else if (inFlight.size === 1) keepAlive.ref();
    const status = openVino().ov_infer_request_start_async(request) as number;
    if (status !== 0) {
      inFlight.delete(request);
      if (inFlight.size === 0) keepAlive.unref();
      return Promise.reject(nativeError(status, 'ov_infer_request_start_async', 'starting the inference'));
    }
    return promise;
  }

  /**
   * Frees the callback struct and, with the last completion, the trampoline. Call it only after
   * the request was freed (or while it is idle and will not start again).
   */
  dispose(): void {
    if (this.#struct === undefined) return;
    koffi.free(this.#struct as never);
    this.#struct = undefined;
    this.#release();
  }

  #release(): void {
    completions -= 1;
    if (this.#signal !== undefined) {
      loopSignals(recordCompletion)?.release(this.#signal);
      this.#signal = undefined;
    } else if (completions === 0 && trampoline !== undefined) {
      koffi.unregister(trampoline as never);
      trampoline = undefined;
    }
  }
}

/**
 * How this thread's inferences report completion: `loop-signal` (OpenVINO's thread raises a libuv
 * signal and goes on; see loop-signal.ts), `relay` (koffi's relay, which makes OpenVINO's thread
 * wait for JavaScript; worker threads, or HUBVINO_COMPLETION=relay), or `undecided` before the
 * first inferAsync.
 */
export function completionMechanism(): 'loop-signal' | 'relay' | 'undecided' {
  if (!signalsDecided) return 'undecided';
  return loopSignals(recordCompletion) === undefined ? 'relay' : 'loop-signal';
}

/** Completions alive (requests that ran inferAsync and are not freed): 0 after every dispose. */
export function liveCompletions(): number {
  return completions;
}

/** `ov_infer_request_cancel`. */
export function cancelInference(request: bigint): void {
  check(openVino().ov_infer_request_cancel(request), 'ov_infer_request_cancel');
}
