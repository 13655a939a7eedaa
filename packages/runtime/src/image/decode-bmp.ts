import { open } from 'node:fs/promises';
import { decode } from 'bmp-ts';
import { ImageDecodeError } from '../errors/image-decode-error.js';
import { ImageTooLargeError } from '../errors/image-too-large-error.js';
import type { DecodedImage } from './decoded-image.js';

/** True when the bytes start with a BMP file header (`BM`). */
export function isBmp(head: Uint8Array): boolean {
  return head.byteLength >= 2 && head[0] === 0x42 && head[1] === 0x4d;
}

/** True when the file at `path` starts with a BMP file header (reads two bytes). */
export async function isBmpFile(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const head = new Uint8Array(2);
    const { bytesRead } = await file.read(head, 0, 2, 0);
    return bytesRead === 2 && isBmp(head);
  } finally {
    await file.close();
  }
}

/**
 * Decodes a Windows BMP (which sharp/libvips does not read) with `bmp-ts`: 1/4/8-bit palette,
 * 16/24/32-bit, RLE; bottom-up and top-down rows. The size in the BITMAPINFOHEADER is checked against
 * `maxPixels` before any pixel is decoded. BMP has no usable alpha here (24-bit files carry none;
 * bmp-ts reports 0), so the fourth channel is dropped.
 */
export function decodeBmp(bytes: Buffer, name: string, maxPixels: number): DecodedImage {
  if (bytes.byteLength < 26) {
    throw new ImageDecodeError(`Cannot decode ${name} as a BMP image: its header is truncated.`, { input: name });
  }
  const width = bytes.readInt32LE(18);
  const height = Math.abs(bytes.readInt32LE(22));
  if (width < 1 || height < 1) {
    throw new ImageDecodeError(`${name} has no pixels (${width}x${height}).`, { input: name, code: 'ERR_IMAGE_EMPTY' });
  }
  if (width * height > maxPixels) throw ImageTooLargeError.of({ input: name, width, height, maxPixels });
  let rgba: Buffer;
  try {
    rgba = decode(bytes, { toRGBA: true }).data;
  } catch (error) {
    throw new ImageDecodeError(
      `Cannot decode ${name} as a BMP image (${error instanceof Error ? error.message : String(error)}).`,
      { input: name, cause: error },
    );
  }
  if (rgba.byteLength !== width * height * 4) {
    throw new ImageDecodeError(`Cannot decode ${name} as a BMP image: its pixel data is truncated.`, { input: name });
  }
  const data = new Uint8Array(width * height * 3);
  for (let source = 0, target = 0; target < data.length; source += 4, target += 3) {
    data[target] = rgba[source] as number;
    data[target + 1] = rgba[source + 1] as number;
    data[target + 2] = rgba[source + 2] as number;
  }
  return { data, width, height, channels: 3 };
}
