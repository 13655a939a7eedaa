import sharp from 'sharp';
import { ArgumentError } from '../errors/argument-error.js';
import type { DecodedImage } from './decoded-image.js';

/** Encodings {@link encodeImage} writes. */
export type EncodedImageFormat = 'png' | 'jpeg';

/** Options of {@link encodeImage}. */
export interface EncodeImageOptions {
  /** `png` (default, lossless) or `jpeg`. */
  format?: EncodedImageFormat;
  /** JPEG quality from 1 to 100 (default 90); only for `jpeg`. */
  quality?: number;
  /** Resize to this size first (Lanczos, aspect ratio not kept: the exact size is produced). */
  resize?: { width: number; height: number };
}

/** Checks encoding options at the public edge; returns the format and quality to use. */
export function checkEncodeImageOptions(options: EncodeImageOptions): {
  format: EncodedImageFormat;
  quality: number;
} {
  const format = options.format ?? 'png';
  if (format !== 'png' && format !== 'jpeg') {
    throw new ArgumentError(`'format' must be 'png' or 'jpeg' (got ${JSON.stringify(format)})`, { argument: 'format' });
  }
  const quality = options.quality ?? 90;
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) {
    throw new ArgumentError(`'quality' must be an integer from 1 to 100 (got ${JSON.stringify(quality)})`, {
      argument: 'quality',
    });
  }
  if (options.quality !== undefined && format !== 'jpeg') {
    throw new ArgumentError(`'quality' applies to format 'jpeg' only; drop it or pass format: 'jpeg'`, {
      argument: 'quality',
    });
  }
  const size = options.resize;
  if (
    size !== undefined &&
    (!Number.isSafeInteger(size.width) || !Number.isSafeInteger(size.height) || size.width < 1 || size.height < 1)
  ) {
    throw new ArgumentError(`'resize' must be { width, height } of positive integers`, { argument: 'resize' });
  }
  return { format, quality };
}

/**
 * Encodes 8-bit RGB pixels (HWC) as PNG or JPEG with sharp, optionally resizing them first.
 * Deterministic: the same pixels and options give the same bytes.
 * @throws ArgumentError for bad options or pixels whose length does not match the size.
 */
export async function encodeImage(image: DecodedImage, options: EncodeImageOptions = {}): Promise<Buffer> {
  const { format, quality } = checkEncodeImageOptions(options);
  if (image.data.byteLength !== image.width * image.height * 3) {
    throw new ArgumentError(
      `'image.data' must hold width * height * 3 bytes (${image.width * image.height * 3}); it holds ${image.data.byteLength}`,
      { argument: 'image.data' },
    );
  }
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  const size = options.resize;
  if (size !== undefined && (size.width !== image.width || size.height !== image.height)) {
    pipeline = pipeline.resize(size.width, size.height, { fit: 'fill', kernel: 'lanczos3' });
  }
  pipeline = format === 'png' ? pipeline.png() : pipeline.jpeg({ quality });
  return pipeline.toBuffer();
}
