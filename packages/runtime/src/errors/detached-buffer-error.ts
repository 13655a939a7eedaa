import { HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';

const brand = Symbol.for('hubvino.DetachedBufferError');

/**
 * An input's ArrayBuffer was detached (transferred with `postMessage`/`structuredClone`, or
 * `ArrayBuffer.prototype.transfer`) after it was set on an InferRequest, so there is nothing left
 * to run on. Raised before the inference starts; OpenVINO never sees the freed memory.
 */
export class DetachedBufferError extends HubvinoError {
  /** The input (port name or index) whose data is gone. */
  readonly input: string;

  constructor(input: string, options: HubvinoErrorOptions = {}) {
    super(
      'ERR_BUFFER_DETACHED',
      'usage',
      `The data of input '${input}' was transferred away (its ArrayBuffer is detached); set the input again with a live typed array, or transfer a copy.`,
      options,
    );
    this.name = 'DetachedBufferError';
    this.input = input;
    Object.defineProperty(this, brand, { value: true });
  }

  /** True for a DetachedBufferError, even one thrown by another installed copy of the package. */
  static override isInstance(value: unknown): value is DetachedBufferError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}
