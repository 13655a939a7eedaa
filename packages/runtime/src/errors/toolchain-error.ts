import { HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';

const marker = 'hubvino.error.ToolchainError';
const symbol = Symbol.for(marker);

/** Options of {@link ToolchainError}. */
export interface ToolchainErrorOptions extends HubvinoErrorOptions {
  /** What is missing or unusable, e.g. `ERR_OPENVINO_NOT_FOUND`, `ERR_OVC_NOT_FOUND`. */
  code: string;
}

/** The OpenVINO toolchain (library, ovc, benchmark_app, TensorFlow) is missing or unusable. Category `toolchain`. */
export class ToolchainError extends HubvinoError {
  constructor(message: string, options: ToolchainErrorOptions) {
    super(message, { ...options, category: 'toolchain' });
    this.name = 'ToolchainError';
    Object.defineProperty(this, symbol, { value: true });
  }

  /** True for a ToolchainError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is ToolchainError {
    return HubvinoError.hasMarker(value, marker);
  }
}
