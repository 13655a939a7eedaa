import { HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';

/**
 * An OpenVINO C API call returned a non-OK status. Carries the status, the C function and
 * OpenVINO's own message (`ov_get_last_err_msg`).
 */
export class OpenVinoError extends HubvinoError {
  constructor(message: string, options: HubvinoErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'ERR_OPENVINO', 'runtime', message, options);
    this.name = 'OpenVinoError';
  }
}
