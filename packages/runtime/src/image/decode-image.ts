import { open, readFile, stat } from 'node:fs/promises';
import sharp, { type Metadata, type Sharp, type SharpOptions } from 'sharp';
import { ArgumentError } from '../errors/argument-error.js';
import { ImageDecodeError } from '../errors/image-decode-error.js';
import { ImageDimensionError } from '../errors/image-dimension-error.js';
import { ImageTooLargeError } from '../errors/image-too-large-error.js';
import { type JpegEighths, type JpegSize, nativeJpegDecoder, scaledJpegSize } from '../openvino/native-jpeg.js';
import { decodeBmp, isBmp, isBmpFile } from './decode-bmp.js';
import type { DecodedImage } from './decoded-image.js';
import { describeImageInput, type ImageInput, isRawImage, type RawImage } from './image-input.js';
import {
  DEFAULT_FLATTEN_BACKGROUND,
  DEFAULT_MAX_DECODED_PIXELS,
  DEFAULT_MAX_IMAGE_DIMENSION,
  DEFAULT_MAX_INPUT_PIXELS,
  REDUCE_TOWARDS_PIXEL_FACTOR,
  SUPPORTED_IMAGE_FORMATS,
} from './image-limits.js';

/** Options of {@link decodeImage}. */
export interface DecodeImageOptions {
  /**
   * Refuse images whose header claims more than this many pixels (`width * height`), before
   * decoding them. Default {@link DEFAULT_MAX_INPUT_PIXELS} (100 megapixels).
   */
  maxPixels?: number;
  /**
   * Refuse encoded images with a side longer than this, before decoding them (a decoder holds whole
   * rows, so a 100000000x1 image cannot be shrunk cheaply). Default {@link DEFAULT_MAX_IMAGE_DIMENSION} (16384).
   */
  maxDimension?: number;
  /**
   * The most pixels the result may have: larger encoded images are shrunk while they are decoded,
   * keeping their aspect ratio (a side never goes below 1 pixel). Default
   * {@link DEFAULT_MAX_DECODED_PIXELS} (16 megapixels), or with `reduceTowards`
   * {@link REDUCE_TOWARDS_PIXEL_FACTOR} times the target's pixels. Raw pixels are never reduced.
   */
  maxDecodedPixels?: number;
  /** Colour that transparent pixels are flattened onto. Default white ({@link DEFAULT_FLATTEN_BACKGROUND}). */
  background?: { r: number; g: number; b: number };
  /**
   * The size the caller brings the image to afterwards (a model's input size). An encoded image at
   * least twice as large in both dimensions is reduced while it is decoded (JPEG shrink-on-load, then
   * an antialiased reduction), keeping its aspect ratio and never going below this size in either
   * dimension (unless `maxDecodedPixels` needs a smaller size, for extreme aspect ratios). Decoding a 1280x720 JPEG for a 224x224 model then costs a fraction of a full decode,
   * and the model's own resize works on fewer pixels. Raw pixels are never reduced.
   */
  reduceTowards?: { width: number; height: number };
}

/**
 * Decodes an image to 8-bit RGB pixels (HWC) with sharp, or, for plain JPEGs when the optional
 * native helper is built with libjpeg, with libjpeg in one libuv thread (the same pixels; see
 * native-jpeg.ts; `HUBVINO_NATIVE_JPEG=0` turns it off).
 *
 * - Formats: JPEG, PNG, WebP, GIF (first frame), TIFF (first page), AVIF, and BMP (with bmp-ts).
 * - EXIF orientation is applied, so a portrait photo stored sideways comes out portrait.
 * - Alpha is flattened onto `background` (white by default); grey, grey+alpha, CMYK and 16-bit images
 *   are converted to 8-bit sRGB.
 * - The header is read first: an image of more than `maxPixels` pixels is refused with
 *   {@link ImageTooLargeError} before any pixel is decoded.
 * - Raw RGB input (`channels: 3`) is returned as is, without a copy; grey and RGBA raw input is
 *   converted like a file.
 *
 * @throws ImageDecodeError (`ERR_IMAGE_DECODE`, `ERR_IMAGE_EMPTY`, `ERR_IMAGE_NOT_FOUND`) naming the input.
 * @throws ImageTooLargeError naming the size and the limit.
 * @throws ArgumentError for an input that is neither a path, bytes nor raw pixels.
 */
export async function decodeImage(input: ImageInput, options: DecodeImageOptions = {}): Promise<DecodedImage> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_INPUT_PIXELS;
  if (!Number.isSafeInteger(maxPixels) || maxPixels < 1) {
    throw new ArgumentError(`'maxPixels' must be a positive integer (got ${String(options.maxPixels)})`, {
      argument: 'maxPixels',
    });
  }
  const maxDimension = positiveInteger(options.maxDimension, 'maxDimension', DEFAULT_MAX_IMAGE_DIMENSION);
  const target = options.reduceTowards;
  const maxDecodedPixels = positiveInteger(
    options.maxDecodedPixels,
    'maxDecodedPixels',
    target ? Math.max(1, REDUCE_TOWARDS_PIXEL_FACTOR * target.width * target.height) : DEFAULT_MAX_DECODED_PIXELS,
  );
  const background = options.background ?? DEFAULT_FLATTEN_BACKGROUND;
  const name = describeImageInput(input);

  if (isRawImage(input)) return decodeRawImage(input, name, maxPixels, background);

  let source: string | Buffer;
  if (typeof input === 'string') {
    // Checked (stat, BMP signature) only when sharp cannot read it: the common case costs one
    // header read on libuv's pool instead of five file operations.
    source = input;
  } else if (input instanceof Uint8Array) {
    if (input.byteLength === 0) {
      throw new ImageDecodeError(
        `${name} is empty: expected the bytes of a JPEG, PNG, WebP, GIF, TIFF or AVIF image.`,
        { input: name, code: 'ERR_IMAGE_EMPTY' },
      );
    }
    source = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  } else {
    throw new ArgumentError(
      `'image' must be a file path, a Buffer/Uint8Array of encoded image bytes, or raw pixels { data, width, height, channels } (got ${name})`,
      { argument: 'image' },
    );
  }

  const native = nativeJpegDecoder();
  if (native) {
    // The decode runs on a libuv thread: it gets bytes nobody else holds (a caller's array could be
    // detached or rewritten meanwhile), so a caller's bytes are copied (a few µs for a photo).
    const bytes = typeof source === 'string' ? await readSmallFile(source) : Buffer.from(source);
    const jpeg = bytes && native.probe(bytes);
    if (bytes && jpeg) {
      checkEncodedSize(name, jpeg.width, jpeg.height, maxPixels, maxDimension);
      const size = decodedSize(jpeg.width, jpeg.height, 1, target, maxDecodedPixels);
      const eighths = jpegScaleFor(jpeg, size, maxDecodedPixels);
      const data = eighths && (await native.decode(bytes, jpeg, eighths));
      if (eighths && data) {
        const scaled = scaledJpegSize(jpeg, eighths);
        return { data, ...scaled, channels: 3, ...(eighths < 8 ? { source: { ...jpeg } } : {}) };
      }
    }
    if (bytes) source = bytes;
  }

  // sharp (libvips) does not read BMP; bmp-ts does (BMP files are not reduced on decode).
  if (typeof source !== 'string' && isBmp(source)) return decodeBmp(source, name, maxPixels);
  const sharpOptions: SharpOptions = { limitInputPixels: maxPixels, pages: 1, failOn: 'truncated' };
  let metadata: Metadata;
  try {
    // Header only: our own size check below names the size and the limit.
    metadata = await sharp(source, { ...sharpOptions, limitInputPixels: false }).metadata();
  } catch (error) {
    if (typeof source === 'string') {
      await checkImageFile(source); // names a missing, empty or non-file path
      if (await isBmpFile(source)) return decodeBmp(await readFile(source), name, maxPixels);
    }
    throw notAnImage(name, error);
  }
  if (
    typeof source === 'string' &&
    metadata.format !== undefined &&
    !SUPPORTED_IMAGE_FORMATS.includes(metadata.format)
  ) {
    if (await isBmpFile(source)) return decodeBmp(await readFile(source), name, maxPixels);
  }
  if (metadata.format === undefined || !SUPPORTED_IMAGE_FORMATS.includes(metadata.format)) {
    throw new ImageDecodeError(
      `${name} is a ${metadata.format ?? 'unknown'} image, which hubvino does not decode; use JPEG, PNG, WebP, GIF, TIFF or AVIF.`,
      { input: name },
    );
  }
  const width = metadata.width ?? 0;
  const height = metadata.height ?? 0;
  checkEncodedSize(name, width, height, maxPixels, maxDimension);

  let pipeline = sharp(source, { ...sharpOptions, sequentialRead: true, autoOrient: true });
  const size = decodedSize(width, height, metadata.orientation, target, maxDecodedPixels);
  if (size === undefined) return runToRgb(pipeline, name, background);
  pipeline = pipeline.resize({ ...size, fit: 'fill', fastShrinkOnLoad: true });
  const decoded = await runToRgb(pipeline, name, background);
  const [sourceWidth, sourceHeight] = (metadata.orientation ?? 1) >= 5 ? [height, width] : [width, height];
  return { ...decoded, source: { width: sourceWidth, height: sourceHeight } };
}

function checkEncodedSize(name: string, width: number, height: number, maxPixels: number, maxDimension: number): void {
  if (width < 1 || height < 1) {
    throw new ImageDecodeError(`${name} has no pixels (${width}x${height}).`, { input: name, code: 'ERR_IMAGE_EMPTY' });
  }
  if (width * height > maxPixels) throw ImageTooLargeError.of({ input: name, width, height, maxPixels });
  if (Math.max(width, height) > maxDimension) {
    throw ImageDimensionError.of({ input: name, width, height, maxDimension });
  }
}

/**
 * Files larger than this are left to sharp, which reads them as it decodes; smaller ones are read
 * whole for the native JPEG decoder (a 100-megapixel JPEG at quality 100 is about 60 MB).
 */
const MAX_NATIVE_JPEG_FILE_BYTES = 64 * 1024 * 1024;

/** The bytes of the file at `path`, or undefined when it cannot be read or is large (sharp then reports or reads it). */
async function readSmallFile(path: string): Promise<Buffer | undefined> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const { size } = await handle.stat();
    if (size === 0 || size > MAX_NATIVE_JPEG_FILE_BYTES) return undefined;
    return await handle.readFile();
  } catch {
    return undefined;
  } finally {
    await handle?.close().catch(() => {});
  }
}

/**
 * The DCT scale, in eighths, the native decoder takes a `jpeg` to when the caller wants it at `size`
 * (undefined: its own size, 8/8): the smallest output that is not below `size` on either side,
 * taken only when it is within twice `size` on both sides and within `maxDecodedPixels`. Otherwise
 * undefined: sharp then shrinks it on load and reduces it exactly to `size`.
 */
export function jpegScaleFor(
  jpeg: JpegSize,
  size: { width: number; height: number } | undefined,
  maxDecodedPixels: number,
): JpegEighths | undefined {
  if (size === undefined) return 8;
  for (const eighths of [1, 2, 3, 4, 5, 6, 7, 8] as const) {
    const scaled = scaledJpegSize(jpeg, eighths);
    if (scaled.width < size.width || scaled.height < size.height) continue;
    const close = scaled.width <= 2 * size.width && scaled.height <= 2 * size.height;
    return close && scaled.width * scaled.height <= maxDecodedPixels ? eighths : undefined;
  }
  return undefined;
}

function positiveInteger(value: number | undefined, argument: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ArgumentError(`'${argument}' must be a positive integer (got ${String(value)})`, { argument: argument });
  }
  return value;
}

/**
 * The size to shrink an encoded `width` x `height` image to while decoding it (after EXIF
 * orientation), or undefined to keep it: towards `target` (`outside`: both sides stay >= the
 * target) when the image is at least twice its size, and never more than `maxDecodedPixels`.
 */
export function decodedSize(
  width: number,
  height: number,
  orientation: number | undefined,
  target: { width: number; height: number } | undefined,
  maxDecodedPixels: number,
): { width: number; height: number } | undefined {
  const [orientedWidth, orientedHeight] = (orientation ?? 1) >= 5 ? [height, width] : [width, height];
  let scale = 1;
  if (target && Math.min(width, height) >= 2 * Math.max(target.width, target.height)) {
    scale = Math.max(target.width / orientedWidth, target.height / orientedHeight);
  }
  if (orientedWidth * orientedHeight * scale * scale > maxDecodedPixels) {
    scale = Math.sqrt(maxDecodedPixels / (orientedWidth * orientedHeight));
  }
  if (scale >= 1) return undefined;
  return {
    width: Math.max(1, Math.round(orientedWidth * scale)),
    height: Math.max(1, Math.round(orientedHeight * scale)),
  };
}

async function checkImageFile(path: string): Promise<void> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      throw new ImageDecodeError(`${path} is not a file; pass the path of an image file.`, { input: path });
    }
    size = info.size;
  } catch (error) {
    if (error instanceof ImageDecodeError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ImageDecodeError(
      code === 'ENOENT'
        ? `Image file ${path} does not exist; check the path.`
        : `Cannot read image file ${path}: ${(error as Error).message}`,
      { input: path, code: code === 'ENOENT' ? 'ERR_IMAGE_NOT_FOUND' : 'ERR_IMAGE_DECODE', cause: error },
    );
  }
  if (size === 0) {
    throw new ImageDecodeError(`Image file ${path} is empty (0 bytes).`, { input: path, code: 'ERR_IMAGE_EMPTY' });
  }
}

function decodeRawImage(
  input: RawImage,
  name: string,
  maxPixels: number,
  background: { r: number; g: number; b: number },
): Promise<DecodedImage> | DecodedImage {
  const { data, width, height, channels } = input;
  if (!(data instanceof Uint8Array)) {
    throw new ArgumentError(`'image.data' must be a Uint8Array of u8 samples (got ${typeof data})`, {
      argument: 'image.data',
    });
  }
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new ArgumentError(`'image.channels' must be 1, 3 or 4 (got ${String(channels)})`, {
      argument: 'image.channels',
    });
  }
  for (const [argument, value] of [
    ['image.width', width],
    ['image.height', height],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new ArgumentError(`'${argument}' must be a non-negative integer (got ${String(value)})`, {
        argument: argument,
      });
    }
  }
  if (width === 0 || height === 0) {
    throw new ImageDecodeError(`${name} has no pixels (${width}x${height}).`, { input: name, code: 'ERR_IMAGE_EMPTY' });
  }
  if (width * height > maxPixels) throw ImageTooLargeError.of({ input: name, width, height, maxPixels });
  if (data.byteLength !== width * height * channels) {
    throw new ArgumentError(
      `'image.data' must hold width * height * channels = ${width * height * channels} bytes for ${name} (got ${data.byteLength})`,
      { argument: 'image.data' },
    );
  }
  if (channels === 3) return { data, width, height, channels: 3 };
  const pixels = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return runToRgb(sharp(pixels, { raw: { width, height, channels } }), name, background);
}

async function runToRgb(
  pipeline: Sharp,
  name: string,
  background: { r: number; g: number; b: number },
): Promise<DecodedImage> {
  try {
    const { data, info } = await pipeline
      .flatten({ background })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) {
      throw new ImageDecodeError(`${name} decoded to ${info.channels} channels instead of 3 (RGB).`, { input: name });
    }
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
      channels: 3,
    };
  } catch (error) {
    if (error instanceof ImageDecodeError) throw error;
    throw notAnImage(name, error);
  }
}

function notAnImage(name: string, error: unknown): ImageDecodeError {
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new ImageDecodeError(
    `Cannot decode ${name} as an image (${reason}); pass a JPEG, PNG, WebP, GIF, TIFF or AVIF image.`,
    { input: name, cause: error },
  );
}
