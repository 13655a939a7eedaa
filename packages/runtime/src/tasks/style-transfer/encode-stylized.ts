import { decodedSize } from '../../image/decode-image.js';
import type { DecodedImage } from '../../image/decoded-image.js';
import { type EncodedImageFormat, encodeImage } from '../../image/encode-image.js';
import { DEFAULT_MAX_RESULT_PIXELS } from '../../image/image-limits.js';
import { unitRangeToBytes } from '../../image/unit-range-to-bytes.js';

/**
 * The size of a stylized result: the content image's own size (before any shrinking on decode),
 * reduced to at most {@link DEFAULT_MAX_RESULT_PIXELS} keeping its aspect ratio — the model paints
 * 384x384, so a larger result only costs memory.
 */
export function stylizedSize(content: DecodedImage): { width: number; height: number } {
  const own = content.source ?? { width: content.width, height: content.height };
  return decodedSize(own.width, own.height, 1, undefined, DEFAULT_MAX_RESULT_PIXELS) ?? own;
}

/**
 * Turns the transfer part's f32 NHWC output in [0, 1] (`size`, e.g. 384x384) into an encoded image
 * resized back to the content image's size ({@link stylizedSize}).
 */
export function encodeStylized(
  stylized: Float32Array,
  size: { height: number; width: number },
  content: DecodedImage,
  encoding: { format: EncodedImageFormat; quality: number },
): Promise<Buffer> {
  return encodeImage(
    { data: unitRangeToBytes(stylized), width: size.width, height: size.height, channels: 3 },
    {
      format: encoding.format,
      ...(encoding.format === 'jpeg' ? { quality: encoding.quality } : {}),
      resize: stylizedSize(content),
    },
  );
}
