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

/** Builds the OpenVinoError for a failed call: status, its `ov_status_e` name, the C function, OpenVINO's text. */
export function nativeError(status: number, functionName: NativeFunctionName, context?: string): OpenVinoError {
  // INVALID_C_PARAM is returned before OpenVINO records a message; the stored one would be stale.
  const nativeMessage = status === invalidParameterStatus ? '' : takeLastErrorMessage();
  const what = context ? `${context}: ` : '';
  const detail = nativeMessage ? `: ${nativeMessage}` : '';
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
 * Calls `functionName` on a libuv worker thread (koffi `.async`) and resolves with its status, so
 * the event loop keeps running while OpenVINO works.
 */
export function callAsync(functionName: NativeFunctionName, ...args: unknown[]): Promise<number> {
  const fn = openVino()[functionName];
  return new Promise((resolve, reject) => {
    fn.async(...args, (error: unknown, status: number) => {
      if (error) reject(error);
      else resolve(status);
    });
  });
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
