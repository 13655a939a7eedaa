import { HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';

const marker = 'hubvino.error.OpenVinoError';
const symbol = Symbol.for(marker);

/** Options of {@link OpenVinoError}. */
export interface OpenVinoErrorOptions extends HubvinoErrorOptions {
  /** `ERR_OPENVINO` (default), or a narrower code such as `ERR_RESHAPE` or `ERR_OPENVINO_LOAD`. */
  code?: string;
}

/**
 * An OpenVINO C API call returned a non-OK status. Carries the status, the C function and, where
 * it could be read for that very call, OpenVINO's own message (`ov_get_last_err_msg`). Category `runtime`.
 */
export class OpenVinoError extends HubvinoError {
  constructor(message: string, options: OpenVinoErrorOptions = {}) {
    super(message, { ...options, code: options.code ?? 'ERR_OPENVINO', category: 'runtime' });
    this.name = 'OpenVinoError';
    Object.defineProperty(this, symbol, { value: true });
  }

  /** True for an OpenVinoError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is OpenVinoError {
    return HubvinoError.hasMarker(value, marker);
  }
}
