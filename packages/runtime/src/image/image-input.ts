/**
 * Pixels already in memory: `height` rows of `width` pixels, `channels` interleaved u8 samples per
 * pixel (1 = grey, 3 = RGB, 4 = RGBA), no row padding.
 */
export interface RawImage {
  /** `width * height * channels` bytes, row-major, channels interleaved (HWC). */
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3 | 4;
}

/**
 * Anything hubvino accepts as an image: a file path, the encoded bytes of a file (JPEG, PNG, WebP,
 * GIF, TIFF, AVIF) as a Buffer or Uint8Array, or raw pixels.
 */
export type ImageInput = string | Uint8Array | RawImage;

/** True when `value` has the shape of a {@link RawImage} (checked further by the decoder). */
export function isRawImage(value: unknown): value is RawImage {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Uint8Array) &&
    'data' in value &&
    'width' in value &&
    'height' in value
  );
}

/** A short human name for an input, used in error messages: the path, or e.g. `Buffer(12 bytes)`. */
export function describeImageInput(input: unknown): string {
  if (typeof input === 'string') return input;
  if (input instanceof Uint8Array)
    return `${Buffer.isBuffer(input) ? 'Buffer' : 'Uint8Array'}(${input.byteLength} bytes)`;
  if (isRawImage(input)) return `raw image ${input.width}x${input.height}x${input.channels}`;
  return typeof input;
}
