import koffi from 'koffi';
import { OpenVinoError } from '../errors/openvino-error.js';
import { type NativeFunctionName, openVino } from './library.js';
import { invalidParameterStatus, statusName } from './status.js';

/**
 * Reads OpenVINO's last error message (`ov_get_last_err_msg`) and frees it with `ov_free`. The
 * message is process-global, so it must be read right after the failing call.
 */
export function takeLastErrorMessage(): string {
  const library = openVino();
  const pointer = library.ov_get_last_err_msg() as bigint | null;
  if (!pointer) return '';
  try {
    return (koffi.decode(pointer, 'char', -1) as string).trim();
  } finally {
    library.ov_free(pointer);
  }
}

/**
 * OpenVINO keeps ONE process-wide last-error text (`libopenvino_c` has no thread-local storage) and
 * koffi's `.async` runs a single C function per worker job, so the text cannot be captured on the
 * worker thread together with the failing call. It is therefore read on the main thread and
 * reported only when no other OpenVINO call could have replaced it in between: no other async call
 * still running, and no other call failed while this one ran. Otherwise the error says so instead of
 * quoting another call's message.
 */
interface RunningCall {
  /** Another call failed while this one ran: the shared text may be that call's. */
  overwritten: boolean;
}
const runningCalls = new Set<RunningCall>();

/** A failure (sync or async) may have replaced the shared text under every call still running. */
function noteFailure(): void {
  for (const call of runningCalls) call.overwritten = true;
}

const unavailableMessage =
  "OpenVINO's own message is not reported: other OpenVINO calls ran at the same time and OpenVINO keeps one process-wide last-error text";

/** Builds the OpenVinoError for a failed call: status, its `ov_status_e` name, the C function, OpenVINO's text. */
export function nativeError(
  status: number,
  functionName: NativeFunctionName,
  context?: string,
  messageAvailable = runningCalls.size === 0,
): OpenVinoError {
  // INVALID_C_PARAM is returned before OpenVINO records a message; the stored one would be stale.
  const readable = status !== invalidParameterStatus;
  const nativeMessage = readable && messageAvailable ? takeLastErrorMessage() : '';
  noteFailure();
  const what = context ? `${context}: ` : '';
  const detail = nativeMessage ? `: ${nativeMessage}` : readable && !messageAvailable ? ` (${unavailableMessage})` : '';
  return new OpenVinoError(`${what}${functionName} failed with ${statusName(status)} (${status})${detail}`, {
    nativeStatus: status,
    nativeFunction: functionName,
    nativeMessage,
  });
}

/**
 * Throws {@link nativeError} unless `status` is OK (0).
 * @param context what hubvino was doing, prefixed to the message (e.g. `reading model.xml`).
 */
export function check(status: number, functionName: NativeFunctionName, context?: string): void {
  if (status !== 0) throw nativeError(status, functionName, context);
}

/**
 * Calls `functionName` on a libuv worker thread (koffi `.async`), so the event loop keeps running
 * while OpenVINO works; throws {@link nativeError} when the status is not OK, with OpenVINO's text
 * only when no concurrent call can have replaced it.
 */
export async function callAsync(
  functionName: NativeFunctionName,
  args: readonly unknown[],
  context?: string,
): Promise<void> {
  const fn = openVino()[functionName];
  const call: RunningCall = { overwritten: false };
  runningCalls.add(call);
  let status: number;
  try {
    status = await new Promise<number>((resolve, reject) => {
      fn.async(...args, (error: unknown, result: number) => {
        if (error) reject(error);
        else resolve(result);
      });
    });
  } finally {
    runningCalls.delete(call);
  }
  if (status !== 0) throw nativeError(status, functionName, context, !call.overwritten && runningCalls.size === 0);
}

/** Decodes a NUL-terminated C string allocated by OpenVINO and frees it with `ov_free`. */
export function takeString(pointer: bigint | null): string {
  if (!pointer) return '';
  const library = openVino();
  try {
    return koffi.decode(pointer, 'char', -1) as string;
  } finally {
    library.ov_free(pointer);
  }
}
