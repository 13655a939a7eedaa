import { definedFields, HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';

const marker = 'hubvino.error.ImageTooLargeError';
const symbol = Symbol.for(marker);

/** Options of {@link ImageTooLargeError}. */
export interface ImageTooLargeErrorOptions extends HubvinoErrorOptions {
  /** The input as the caller gave it: a file path, or a short description of a buffer. */
  input: string;
  /** Width the header claims. */
  width: number;
  /** Height the header claims. */
  height: number;
  /** The pixel limit that was exceeded (width x height). */
  maxPixels: number;
}

/**
 * An image has more pixels than the configured limit. Raised from the image header, before any
 * pixel is decoded, so a hostile 30000x30000 image costs a few bytes of reading, not gigabytes.
 * Code `ERR_IMAGE_TOO_LARGE`, category `usage`; {@link ImageTooLargeError.of} builds the message.
 */
export class ImageTooLargeError extends HubvinoError {
  readonly input: string;
  readonly width: number;
  readonly height: number;
  readonly maxPixels: number;

  constructor(message: string, options: ImageTooLargeErrorOptions) {
    super(message, { ...options, code: 'ERR_IMAGE_TOO_LARGE', category: 'usage' });
    this.name = 'ImageTooLargeError';
    this.input = options.input;
    this.width = options.width;
    this.height = options.height;
    this.maxPixels = options.maxPixels;
    Object.defineProperty(this, symbol, { value: true });
  }

  /** The error for an image over the limit, with the standard message. */
  static of(options: ImageTooLargeErrorOptions): ImageTooLargeError {
    const { input, width, height, maxPixels } = options;
    return new ImageTooLargeError(
      `${input} is ${width}x${height} (${width * height} pixels), more than the limit of ${maxPixels} pixels; pass a smaller image or raise 'maxPixels'.`,
      options,
    );
  }

  /** True for an ImageTooLargeError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is ImageTooLargeError {
    return HubvinoError.hasMarker(value, marker);
  }

  protected override details(): Record<string, unknown> {
    return definedFields({ input: this.input, width: this.width, height: this.height, maxPixels: this.maxPixels });
  }
}
