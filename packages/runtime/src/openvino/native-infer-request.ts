import { openVino } from './library.js';
import { callAsync, check } from './native-error.js';

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

/** `ov_infer_request_infer` on a libuv worker thread; the event loop keeps running. */
export async function inferAsync(request: bigint): Promise<void> {
  await callAsync('ov_infer_request_infer', [request]);
}

/** `ov_infer_request_cancel`. */
export function cancelInference(request: bigint): void {
  check(openVino().ov_infer_request_cancel(request), 'ov_infer_request_cancel');
}
