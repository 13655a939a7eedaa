import { HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';

const brand = Symbol.for('hubvino.ImageDimensionError');

/**
 * An image's longest side is longer than the configured limit. Raised from the image header, before
 * any pixel is decoded: a decoder has to hold at least one whole row of an image before it can
 * shrink it, so a 100000000x1 PNG (97 KB on disk, under the pixel limit) would cost 300 MB per row
 * however small it is asked to come out.
 */
export class ImageDimensionError extends HubvinoError {
  /** The input as the caller gave it: a file path, or a short description of a buffer. */
  readonly input: string;
  /** Width the header claims. */
  readonly width: number;
  /** Height the header claims. */
  readonly height: number;
  /** The limit on either side that was exceeded. */
  readonly maxDimension: number;

  constructor(input: string, width: number, height: number, maxDimension: number, options: HubvinoErrorOptions = {}) {
    super(
      'ERR_IMAGE_DIMENSION_TOO_LARGE',
      'usage',
      `${input} is ${width}x${height}; a side longer than ${maxDimension} pixels cannot be decoded in bounded memory. Pass an image at most ${maxDimension} pixels wide and high, or raise 'maxDimension'.`,
      options,
    );
    this.name = 'ImageDimensionError';
    this.input = input;
    this.width = width;
    this.height = height;
    this.maxDimension = maxDimension;
    Object.defineProperty(this, brand, { value: true });
  }

  /** True for an ImageDimensionError, even one thrown by another installed copy of the package. */
  static override isInstance(value: unknown): value is ImageDimensionError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}
