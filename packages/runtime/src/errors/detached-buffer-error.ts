import { definedFields, HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';

const marker = 'hubvino.error.DetachedBufferError';
const symbol = Symbol.for(marker);

/** Options of {@link DetachedBufferError}. */
export interface DetachedBufferErrorOptions extends HubvinoErrorOptions {
  /** The input (port name or index) whose data is gone. */
  input: string;
}

/**
 * An input's ArrayBuffer was detached (transferred with `postMessage`/`structuredClone`, or
 * `ArrayBuffer.prototype.transfer`) after it was set on an InferRequest, so there is nothing left
 * to run on. Raised before the inference starts; OpenVINO never sees the freed memory. Code
 * `ERR_BUFFER_DETACHED`, category `usage`; {@link DetachedBufferError.of} builds the message.
 */
export class DetachedBufferError extends HubvinoError {
  readonly input: string;

  constructor(message: string, options: DetachedBufferErrorOptions) {
    super(message, { ...options, code: 'ERR_BUFFER_DETACHED', category: 'usage' });
    this.name = 'DetachedBufferError';
    this.input = options.input;
    Object.defineProperty(this, symbol, { value: true });
  }

  /** The error for input `input`, with the standard message. */
  static of(input: string, options: HubvinoErrorOptions = {}): DetachedBufferError {
    return new DetachedBufferError(
      `The data of input '${input}' was transferred away (its ArrayBuffer is detached); set the input again with a live typed array, or transfer a copy.`,
      { ...options, input },
    );
  }

  /** True for a DetachedBufferError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is DetachedBufferError {
    return HubvinoError.hasMarker(value, marker);
  }

  protected override details(): Record<string, unknown> {
    return definedFields({ input: this.input });
  }
}
