import { definedFields, HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';

const marker = 'hubvino.error.ImageDimensionError';
const symbol = Symbol.for(marker);

/** Options of {@link ImageDimensionError}. */
export interface ImageDimensionErrorOptions extends HubvinoErrorOptions {
  /** The input as the caller gave it: a file path, or a short description of a buffer. */
  input: string;
  /** Width the header claims. */
  width: number;
  /** Height the header claims. */
  height: number;
  /** The limit on either side that was exceeded. */
  maxDimension: number;
}

/**
 * An image's longest side is longer than the configured limit. Raised from the image header, before
 * any pixel is decoded: a decoder has to hold at least one whole row of an image before it can
 * shrink it, so a 100000000x1 PNG (97 KB on disk, under the pixel limit) would cost 300 MB per row
 * however small it is asked to come out. Code `ERR_IMAGE_DIMENSION_TOO_LARGE`, category `usage`;
 * {@link ImageDimensionError.of} builds the message.
 */
export class ImageDimensionError extends HubvinoError {
  readonly input: string;
  readonly width: number;
  readonly height: number;
  readonly maxDimension: number;

  constructor(message: string, options: ImageDimensionErrorOptions) {
    super(message, { ...options, code: 'ERR_IMAGE_DIMENSION_TOO_LARGE', category: 'usage' });
    this.name = 'ImageDimensionError';
    this.input = options.input;
    this.width = options.width;
    this.height = options.height;
    this.maxDimension = options.maxDimension;
    Object.defineProperty(this, symbol, { value: true });
  }

  /** The error for an image with a side over the limit, with the standard message. */
  static of(options: ImageDimensionErrorOptions): ImageDimensionError {
    const { input, width, height, maxDimension } = options;
    return new ImageDimensionError(
      `${input} is ${width}x${height}; a side longer than ${maxDimension} pixels cannot be decoded in bounded memory. Pass an image at most ${maxDimension} pixels wide and high, or raise 'maxDimension'.`,
      options,
    );
  }

  /** True for an ImageDimensionError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is ImageDimensionError {
    return HubvinoError.hasMarker(value, marker);
  }

  protected override details(): Record<string, unknown> {
    return definedFields({
      input: this.input,
      width: this.width,
      height: this.height,
      maxDimension: this.maxDimension,
    });
  }
}
