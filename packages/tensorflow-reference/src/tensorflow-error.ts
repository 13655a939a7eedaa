import { HubvinoError, type HubvinoErrorOptions } from '@hubvino/runtime/errors';

/**
 * TensorFlow (through tfjs-node) failed while loading or running a SavedModel, e.g. a graph that does
 * not match the input it was given, or a SavedModel TensorFlow cannot read. `code` is one of
 * `ERR_TENSORFLOW_LOAD` (reading/loading the SavedModel) or `ERR_TENSORFLOW_RUN` (running it); the
 * message names the SavedModel and carries TensorFlow's own text.
 */
export class TensorFlowError extends HubvinoError {
  constructor(code: 'ERR_TENSORFLOW_LOAD' | 'ERR_TENSORFLOW_RUN', message: string, options: HubvinoErrorOptions = {}) {
    super(code, 'runtime', message, options);
    this.name = 'TensorFlowError';
  }
}
