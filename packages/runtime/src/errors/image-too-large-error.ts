import { HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';

/**
 * An image has more pixels than the configured limit. Raised from the image header, before any
 * pixel is decoded, so a hostile 30000x30000 image costs a few bytes of reading, not gigabytes.
 */
export class ImageTooLargeError extends HubvinoError {
  /** The input as the caller gave it: a file path, or a short description of a buffer. */
  readonly input: string;
  /** Width the header claims. */
  readonly width: number;
  /** Height the header claims. */
  readonly height: number;
  /** The pixel limit that was exceeded (width x height). */
  readonly maxPixels: number;

  constructor(input: string, width: number, height: number, maxPixels: number, options: HubvinoErrorOptions = {}) {
    super(
      'ERR_IMAGE_TOO_LARGE',
      'usage',
      `${input} is ${width}x${height} (${width * height} pixels), more than the limit of ${maxPixels} pixels; pass a smaller image or raise 'maxPixels'.`,
      options,
    );
    this.name = 'ImageTooLargeError';
    this.input = input;
    this.width = width;
    this.height = height;
    this.maxPixels = maxPixels;
  }
}
