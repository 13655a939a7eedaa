/** `ov_status_e` from openvino/c/ov_common.h: status code -> name. */
const statusNames: Readonly<Record<number, string>> = Object.freeze({
  0: 'OK',
  [-1]: 'GENERAL_ERROR',
  [-2]: 'NOT_IMPLEMENTED',
  [-3]: 'NETWORK_NOT_LOADED',
  [-4]: 'PARAMETER_MISMATCH',
  [-5]: 'NOT_FOUND',
  [-6]: 'OUT_OF_BOUNDS',
  [-7]: 'UNEXPECTED',
  [-8]: 'REQUEST_BUSY',
  [-9]: 'RESULT_NOT_READY',
  [-10]: 'NOT_ALLOCATED',
  [-11]: 'INFER_NOT_STARTED',
  [-12]: 'NETWORK_NOT_READ',
  [-13]: 'INFER_CANCELLED',
  [-14]: 'INVALID_C_PARAM',
  [-15]: 'UNKNOWN_C_ERROR',
  [-16]: 'NOT_IMPLEMENT_C_METHOD',
  [-17]: 'UNKNOW_EXCEPTION',
});

/** The `ov_status_e` name of `status` (`GENERAL_ERROR`, `NOT_FOUND`, ...), or `STATUS_<n>` if unknown. */
export function statusName(status: number): string {
  return statusNames[status] ?? `STATUS_${status}`;
}

/** Status code of OpenVINO's `REQUEST_BUSY`. */
export const requestBusyStatus = -8;

/** Status code of `INVALID_C_PARAM` (returned without setting the last error message). */
export const invalidParameterStatus = -14;
