/**
 * A decoded image as models want it: 8-bit RGB, rows top to bottom after EXIF orientation, pixels
 * interleaved (HWC; with a batch of one this is NHWC), no row padding.
 */
export interface DecodedImage {
  /** `width * height * 3` bytes. */
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3;
  /**
   * The encoded image's own size (after EXIF orientation) when it was shrunk while decoding
   * (`reduceTowards`, `maxDecodedPixels`); absent when `width`/`height` are its own size.
   */
  source?: { width: number; height: number };
}
