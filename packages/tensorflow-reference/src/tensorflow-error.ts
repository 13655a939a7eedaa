import { HubvinoError, type HubvinoErrorOptions } from '@hubvino/runtime';

const marker = 'hubvino.error.TensorFlowError';
const symbol = Symbol.for(marker);

/** Options of {@link TensorFlowError}. */
export interface TensorFlowErrorOptions extends HubvinoErrorOptions {
  /** `ERR_TENSORFLOW_LOAD` (reading/loading the SavedModel) or `ERR_TENSORFLOW_RUN` (running it). */
  code: 'ERR_TENSORFLOW_LOAD' | 'ERR_TENSORFLOW_RUN';
}

/**
 * TensorFlow (through tfjs-node) failed while loading or running a SavedModel, e.g. a graph that does
 * not match the input it was given, or a SavedModel TensorFlow cannot read. The message names the
 * SavedModel and carries TensorFlow's own text. Category `runtime`.
 */
export class TensorFlowError extends HubvinoError {
  constructor(message: string, options: TensorFlowErrorOptions) {
    super(message, { ...options, category: 'runtime' });
    this.name = 'TensorFlowError';
    Object.defineProperty(this, symbol, { value: true });
  }

  /** True for a TensorFlowError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is TensorFlowError {
    return HubvinoError.hasMarker(value, marker);
  }
}
