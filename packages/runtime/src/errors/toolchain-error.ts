import { HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';

/** The OpenVINO toolchain (library, ovc, benchmark_app, TensorFlow) is missing or unusable. */
export class ToolchainError extends HubvinoError {
  constructor(code: string, message: string, options: HubvinoErrorOptions = {}) {
    super(code, 'toolchain', message, options);
    this.name = 'ToolchainError';
  }
}
