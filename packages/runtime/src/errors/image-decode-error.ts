import { definedFields, HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';

const marker = 'hubvino.error.ImageDecodeError';
const symbol = Symbol.for(marker);

/** Options of {@link ImageDecodeError}. */
export interface ImageDecodeErrorOptions extends HubvinoErrorOptions {
  /** The input as the caller gave it: a file path, or a short description such as `Buffer(12 bytes)`. */
  input: string;
  /** `ERR_IMAGE_DECODE` (default), `ERR_IMAGE_EMPTY` (zero bytes / zero pixels) or `ERR_IMAGE_NOT_FOUND`. */
  code?: 'ERR_IMAGE_DECODE' | 'ERR_IMAGE_EMPTY' | 'ERR_IMAGE_NOT_FOUND';
}

/**
 * An image could not be read or decoded: the bytes are not an image in a supported format, the file
 * is missing or empty, or the image has no pixels. Category `usage`.
 */
export class ImageDecodeError extends HubvinoError {
  /** The input as the caller gave it: a file path, or a short description of a buffer. */
  readonly input: string;

  constructor(message: string, options: ImageDecodeErrorOptions) {
    super(message, { ...options, code: options.code ?? 'ERR_IMAGE_DECODE', category: 'usage' });
    this.name = 'ImageDecodeError';
    this.input = options.input;
    Object.defineProperty(this, symbol, { value: true });
  }

  /** True for an ImageDecodeError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is ImageDecodeError {
    return HubvinoError.hasMarker(value, marker);
  }

  protected override details(): Record<string, unknown> {
    return definedFields({ input: this.input });
  }
}
