import type { DecodedImage } from '../../image/decoded-image.js';
import { type EncodedImageFormat, encodeImage } from '../../image/encode-image.js';
import { unitRangeToBytes } from '../../image/unit-range-to-bytes.js';

/**
 * Turns the transfer part's f32 NHWC output in [0, 1] (`size`, e.g. 384x384) into an encoded image
 * resized back to the content image's size.
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
      resize: { width: content.width, height: content.height },
    },
  );
}
