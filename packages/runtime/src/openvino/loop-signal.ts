import { isMainThread } from 'node:worker_threads';
import koffi from 'koffi';

/**
 * A completion signal that OpenVINO's own thread raises without waiting for JavaScript.
 *
 * koffi relays a callback that arrives on a foreign thread to the JavaScript thread and makes the
 * foreign thread wait until the JavaScript function ran. For an inference's completion that wait
 * stalls one of OpenVINO's streams for an event-loop turn at every inference (about 10 % of the
 * throughput of a busy InferQueue on 2 cores). libuv already has the right primitive:
 * `uv_async_send` is thread-safe, returns at once, and makes the loop run a callback on its own
 * thread. Node exports libuv from its own binary, so OpenVINO's `ov_callback_t` can point straight
 * at `uv_async_send`, its `args` at a `uv_async_t` on Node's main loop; JavaScript then runs from
 * the loop, as for any other libuv handle, and OpenVINO's thread never waits for it.
 *
 * Only on the main thread (a worker's loop is not reachable from here), and only when the running
 * Node exports libuv; elsewhere, or with HUBVINO_COMPLETION=relay, {@link loopSignals} returns
 * undefined and the caller uses koffi's relay.
 */
export interface LoopSignals {
  /** Address of `uv_async_send`, for `ov_callback_t.callback_func`. */
  readonly send: bigint;
  /** A `uv_async_t` on the main loop that runs `onSignal(key)` each time it is sent. */
  acquire(key: bigint): bigint;
  /** Gives the handle back for reuse (it stays open and unref'ed: it never keeps the loop alive). */
  release(handle: bigint): void;
}

/** libuv's `UV_ASYNC` in `uv_handle_type`. */
const UV_ASYNC = 1;

let state: LoopSignals | null | undefined;

/**
 * The libuv signals, set up on first use with `onSignal` as the JavaScript side; undefined where
 * they are not available (see {@link LoopSignals}).
 */
export function loopSignals(onSignal: (key: bigint) => void): LoopSignals | undefined {
  if (state !== undefined) return state ?? undefined;
  state = null;
  if (!isMainThread || process.env.HUBVINO_COMPLETION === 'relay') return undefined;
  try {
    state = createLoopSignals(onSignal);
  } catch {
    state = null;
  }
  return state ?? undefined;
}

function createLoopSignals(onSignal: (key: bigint) => void): LoopSignals {
  const node = koffi.load(null);
  const send = addressOf(node.symbol('uv_async_send'));
  const asyncCallback = koffi.proto('void hv_uv_async_cb(void *handle)');
  const defaultLoop = node.func('void *uv_default_loop()');
  const handleSize = node.func('size_t uv_handle_size(int type)');
  const asyncInit = node.func('int uv_async_init(void *loop, void *handle, hv_uv_async_cb *callback)');
  const unref = node.func('void uv_unref(void *handle)');
  const size = Number(handleSize(UV_ASYNC));
  if (send === 0n || !(size > 0 && size < 4096)) throw new Error('libuv is not exported by this Node');
  const loop = defaultLoop();
  const keys = new Map<bigint, bigint>();
  const idle: bigint[] = [];
  const keepAliveForever: unknown[] = [];
  const callback = koffi.register((handle: unknown) => {
    const key = keys.get(addressOf(handle));
    if (key !== undefined) onSignal(key);
  }, koffi.pointer(asyncCallback));
  keepAliveForever.push(callback);
  return {
    send,
    acquire(key) {
      let handle = idle.pop();
      if (handle === undefined) {
        // Never freed: an open libuv handle must outlive every send, and handles are reused.
        const memory = koffi.alloc('uint8_t', size);
        keepAliveForever.push(memory);
        handle = addressOf(memory);
        const status = asyncInit(loop, handle, callback) as number;
        if (status !== 0) throw new Error(`uv_async_init failed (${status})`);
        unref(handle);
      }
      keys.set(handle, key);
      return handle;
    },
    release(handle) {
      if (!keys.delete(handle)) return;
      idle.push(handle);
    },
  };
}

function addressOf(pointer: unknown): bigint {
  return typeof pointer === 'bigint' ? pointer : BigInt(koffi.address(pointer as never));
}
