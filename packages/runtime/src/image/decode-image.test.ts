import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError } from '../errors/argument-error.js';
import { ImageDecodeError } from '../errors/image-decode-error.js';
import { ImageDimensionError } from '../errors/image-dimension-error.js';
import { ImageTooLargeError } from '../errors/image-too-large-error.js';
import { zeroPng } from '../test-support/zero-png.js';
import { decodeImage, jpegScaleFor } from './decode-image.js';
import { DEFAULT_MAX_DECODED_PIXELS, REDUCE_TOWARDS_PIXEL_FACTOR } from './image-limits.js';

const sharedImages = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/images');
const gracePath = join(sharedImages, 'grace_hopper.jpg'); // 517x606 (PROVENANCE.md)

let directory: string;
// These tests cover the sharp path; decode-image-native.integration.test.ts covers the native JPEG
// decoder of the optional helper, which decodeImage prefers for plain JPEGs when it is built.
const nativeJpegSetting = process.env.HUBVINO_NATIVE_JPEG;
beforeAll(async () => {
  process.env.HUBVINO_NATIVE_JPEG = '0';
  directory = await mkdtemp(join(tmpdir(), 'hubvino-decode-'));
});
afterAll(async () => {
  if (nativeJpegSetting === undefined) delete process.env.HUBVINO_NATIVE_JPEG;
  else process.env.HUBVINO_NATIVE_JPEG = nativeJpegSetting;
  await rm(directory, { recursive: true, force: true });
});

/** A small copy of the photo, so encoders run fast. */
function photo() {
  return sharp(gracePath).resize(60, 70, { fit: 'fill' });
}

/** Mean of each RGB channel over the whole image. */
function channelMeans(data: Uint8Array): [number, number, number] {
  const sums = [0, 0, 0];
  for (let index = 0; index < data.length; index += 1) sums[index % 3]! += data[index]!;
  const pixels = data.length / 3;
  return [sums[0]! / pixels, sums[1]! / pixels, sums[2]! / pixels];
}

/** Rewrites a PNG's IHDR to claim width x height (the pixel data stays tiny). */
function pngClaiming(png: Buffer, width: number, height: number): Buffer {
  const copy = Buffer.from(png);
  // signature (8) + length (4) + "IHDR" (4), then width and height, then 5 bytes, then the CRC.
  copy.writeUInt32BE(width, 16);
  copy.writeUInt32BE(height, 20);
  copy.writeUInt32BE(crc32(copy.subarray(12, 29)), 29);
  return copy;
}

/** Rewrites a baseline JPEG's SOF0 marker to claim width x height. */
function jpegClaiming(jpeg: Buffer, width: number, height: number): Buffer {
  const copy = Buffer.from(jpeg);
  for (let offset = 2; offset < copy.length - 9; ) {
    if (copy[offset] !== 0xff) throw new Error('not a marker');
    const marker = copy[offset + 1]!;
    if (marker >= 0xc0 && marker <= 0xc2) {
      copy.writeUInt16BE(height, offset + 5);
      copy.writeUInt16BE(width, offset + 7);
      return copy;
    }
    offset += 2 + copy.readUInt16BE(offset + 2);
  }
  throw new Error('no SOF marker');
}

describe('decodeImage', () => {
  it('decodes a JPEG file path to RGB u8 HWC with its width and height', async () => {
    const image = await decodeImage(gracePath);
    expect(image).toMatchObject({ width: 517, height: 606, channels: 3 });
    expect(image.data).toBeInstanceOf(Uint8Array);
    expect(image.data.byteLength).toBe(517 * 606 * 3);
  });

  it.each([
    ['jpeg', (s: Sharp) => s.jpeg({ quality: 95 })],
    ['png', (s: Sharp) => s.png()],
    ['webp', (s: Sharp) => s.webp({ lossless: true })],
    ['gif', (s: Sharp) => s.gif()],
    ['tiff', (s: Sharp) => s.tiff()],
    ['avif', (s: Sharp) => s.avif({ quality: 90 })],
  ])('decodes %s written to a file and as a Buffer to the same picture', async (format, encode) => {
    const reference = channelMeans((await photo().raw().toBuffer()) as Uint8Array);
    const bytes = await encode(photo()).toBuffer();
    const file = join(directory, `photo.${format}`);
    await writeFile(file, bytes);
    for (const input of [file, bytes, new Uint8Array(bytes)]) {
      const image = await decodeImage(input);
      expect(image).toMatchObject({ width: 60, height: 70, channels: 3 });
      const means = channelMeans(image.data);
      // Lossy codecs and GIF's palette move colours a little, never the whole picture.
      for (let channel = 0; channel < 3; channel += 1)
        expect(Math.abs(means[channel]! - reference[channel]!)).toBeLessThan(8);
    }
  });

  it('decodes only the first frame of an animated GIF', async () => {
    const red = await sharp({ create: { width: 8, height: 6, channels: 3, background: '#ff0000' } })
      .png()
      .toBuffer();
    const blue = await sharp({ create: { width: 8, height: 6, channels: 3, background: '#0000ff' } })
      .png()
      .toBuffer();
    const animated = await sharp([red, blue], { join: { animated: true } })
      .gif()
      .toBuffer();
    expect((await sharp(animated).metadata()).pages).toBe(2);
    const image = await decodeImage(animated);
    expect(image).toMatchObject({ width: 8, height: 6 });
    expect(channelMeans(image.data)).toEqual([255, 0, 0]);
  });

  it('applies EXIF orientation 6 (rotate 90°), swapping width and height', async () => {
    const bytes = await photo().jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(bytes).metadata()).orientation).toBe(6);
    const image = await decodeImage(bytes);
    expect(image).toMatchObject({ width: 70, height: 60 });
    // Orientation 6 means "rotate 90° clockwise to display": the stored top-left pixel lands top-right.
    const stored = (await sharp(bytes).raw().toBuffer()) as Uint8Array;
    const topRight = (69 - 0) * 3;
    for (let channel = 0; channel < 3; channel += 1) {
      expect(Math.abs(image.data[topRight + channel]! - stored[channel]!)).toBeLessThanOrEqual(2);
    }
  });

  it('flattens alpha onto white', async () => {
    // Left half transparent, right half opaque blue.
    const pixels = new Uint8Array(4 * 2 * 4);
    for (let pixel = 0; pixel < 8; pixel += 1) {
      const opaque = pixel % 4 >= 2;
      pixels.set(opaque ? [0, 0, 255, 255] : [0, 0, 0, 0], pixel * 4);
    }
    const png = await sharp(pixels, { raw: { width: 4, height: 2, channels: 4 } })
      .png()
      .toBuffer();
    expect((await sharp(png).metadata()).hasAlpha).toBe(true);
    const image = await decodeImage(png);
    expect(Array.from(image.data.subarray(0, 12))).toEqual([255, 255, 255, 255, 255, 255, 0, 0, 255, 0, 0, 255]);
  });

  it('turns a one-channel grey PNG into RGB with equal channels', async () => {
    const png = await photo().toColourspace('b-w').png().toBuffer();
    expect((await sharp(png).metadata()).channels).toBe(1);
    const image = await decodeImage(png);
    expect(image.data.byteLength).toBe(60 * 70 * 3);
    for (let offset = 0; offset < image.data.length; offset += 3) {
      expect(image.data[offset + 1]).toBe(image.data[offset]);
      expect(image.data[offset + 2]).toBe(image.data[offset]);
    }
  });

  it('turns a 16-bit grey PNG with alpha into 8-bit RGB', async () => {
    const png = await sharp({
      create: { width: 5, height: 3, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .toColourspace('grey16')
      .png()
      .toBuffer();
    const image = await decodeImage(png);
    expect(image).toMatchObject({ width: 5, height: 3, channels: 3 });
    expect(new Set(image.data)).toEqual(new Set([255]));
  });

  it('turns a CMYK JPEG into RGB close to the original colours', async () => {
    const cmyk = await photo().toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer();
    const metadata = await sharp(cmyk).metadata();
    expect(metadata.space).toBe('cmyk');
    expect(metadata.channels).toBe(4);
    const image = await decodeImage(cmyk);
    expect(image).toMatchObject({ width: 60, height: 70, channels: 3 });
    const reference = channelMeans((await photo().raw().toBuffer()) as Uint8Array);
    const means = channelMeans(image.data);
    // The CMYK round trip goes through ICC profiles; it keeps the picture, not the exact values.
    for (let channel = 0; channel < 3; channel += 1)
      expect(Math.abs(means[channel]! - reference[channel]!)).toBeLessThan(20);
  });

  it('passes raw RGB pixels through without a copy and converts raw RGBA and grey', async () => {
    const data = new Uint8Array([1, 2, 3, 4, 5, 6]);
    const rgb = await decodeImage({ data, width: 2, height: 1, channels: 3 });
    expect(rgb.data).toBe(data);
    const rgba = await decodeImage({
      data: new Uint8Array([10, 20, 30, 255, 0, 0, 0, 0]),
      width: 2,
      height: 1,
      channels: 4,
    });
    expect(Array.from(rgba.data)).toEqual([10, 20, 30, 255, 255, 255]);
    const grey = await decodeImage({ data: new Uint8Array([7, 200]), width: 2, height: 1, channels: 1 });
    expect(Array.from(grey.data)).toEqual([7, 7, 7, 200, 200, 200]);
  });

  it('reduces a large image towards a target size on decode, keeping the aspect ratio and never going below it', async () => {
    const cat = join(sharedImages, 'cat_720p.jpg'); // 1280x720 (PROVENANCE.md)
    const full = await decodeImage(cat);
    expect([full.width, full.height]).toEqual([1280, 720]);
    const reduced = await decodeImage(cat, { reduceTowards: { width: 224, height: 224 } });
    expect(Math.min(reduced.width, reduced.height)).toBeGreaterThanOrEqual(224);
    expect(reduced.width * reduced.height).toBeLessThan((full.width * full.height) / 4);
    expect(reduced.width / reduced.height).toBeCloseTo(1280 / 720, 1);
    // Still the same picture: the mean colour barely moves.
    const mean = (image: { data: Uint8Array }) => image.data.reduce((sum, value) => sum + value, 0) / image.data.length;
    expect(Math.abs(mean(reduced) - mean(full))).toBeLessThan(2);
  });

  it('leaves images less than twice the target size at their own size', async () => {
    const grace = await decodeImage(gracePath, { reduceTowards: { width: 300, height: 300 } }); // 517x606
    expect([grace.width, grace.height]).toEqual([517, 606]);
  });

  it('refuses a 100000000x1 PNG (under the pixel limit) with ImageDimensionError from its header, before decoding a row', async () => {
    const bomb = zeroPng(100_000_000, 1); // ~300 KB that decodes to 300 MB in one row
    const before = process.memoryUsage().rss;
    const error = await decodeImage(bomb, { reduceTowards: { width: 224, height: 224 } }).catch((caught) => caught);
    expect(error).toBeInstanceOf(ImageDimensionError);
    expect(error).toMatchObject({
      code: 'ERR_IMAGE_DIMENSION_TOO_LARGE',
      width: 100_000_000,
      height: 1,
      maxDimension: 16384,
    });
    expect(ImageDimensionError.isInstance(error)).toBe(true);
    // Nothing near the 300 MB row was allocated (a generous bound: the whole test process may move a little).
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
    await expect(decodeImage(zeroPng(300, 20), { maxDimension: 299 })).rejects.toBeInstanceOf(ImageDimensionError);
  });

  it('shrinks a 10000x10000 PNG while decoding it to at most 16 megapixels, keeping the aspect ratio', async () => {
    const decoded = await decodeImage(zeroPng(10_000, 10_000));
    expect(decoded.width * decoded.height).toBeLessThanOrEqual(DEFAULT_MAX_DECODED_PIXELS);
    expect(decoded.width).toBe(decoded.height);
    expect(decoded.data.byteLength).toBe(decoded.width * decoded.height * 3);
    expect(decoded.source).toEqual({ width: 10_000, height: 10_000 });
    const small = await decodeImage(zeroPng(400, 100), { maxDecodedPixels: 10_000 });
    expect([small.width, small.height]).toEqual([200, 50]);
  });

  it('with reduceTowards, bounds a very wide image to 64 times the target pixels whatever its aspect ratio', async () => {
    // 16000x300: too thin to shrink towards 224 on both sides, so the pixel budget decides.
    const decoded = await decodeImage(zeroPng(16_000, 300), { reduceTowards: { width: 224, height: 224 } });
    expect(decoded.width * decoded.height).toBeLessThanOrEqual(REDUCE_TOWARDS_PIXEL_FACTOR * 224 * 224);
    expect(decoded.width / decoded.height).toBeCloseTo(16_000 / 300, 0);
    expect(decoded.source).toEqual({ width: 16_000, height: 300 });
  });

  it('rejects bytes that are not an image with ImageDecodeError naming the input', async () => {
    const bytes = Buffer.from('this is not an image at all');
    const error = await decodeImage(bytes).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect(error).toMatchObject({
      code: 'ERR_IMAGE_DECODE',
      category: 'usage',
      input: `Buffer(${bytes.length} bytes)`,
    });
    expect((error as Error).message).toMatch(/Buffer\(27 bytes\).*JPEG, PNG/);

    const file = join(directory, 'notes.jpg');
    await writeFile(file, 'plain text with a .jpg name');
    await expect(decodeImage(file)).rejects.toMatchObject({ name: 'ImageDecodeError', input: file });
  });

  it('rejects a truncated JPEG with ImageDecodeError', async () => {
    const bytes = await photo().jpeg().toBuffer();
    await expect(decodeImage(bytes.subarray(0, Math.floor(bytes.length / 2)))).rejects.toBeInstanceOf(ImageDecodeError);
  });

  it('rejects a format it does not decode (SVG) naming the format', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    await expect(decodeImage(svg)).rejects.toThrow(/svg image, which hubvino does not decode/);
  });

  it('rejects zero bytes and zero pixels with ERR_IMAGE_EMPTY', async () => {
    await expect(decodeImage(Buffer.alloc(0))).rejects.toMatchObject({ code: 'ERR_IMAGE_EMPTY' });
    const file = join(directory, 'empty.png');
    await writeFile(file, '');
    await expect(decodeImage(file)).rejects.toMatchObject({ code: 'ERR_IMAGE_EMPTY', input: file });
    await expect(decodeImage({ data: new Uint8Array(0), width: 0, height: 5, channels: 3 })).rejects.toMatchObject({
      code: 'ERR_IMAGE_EMPTY',
    });
    // A PNG whose header claims 0x0 is refused too (by the decoder or by the size check).
    const zeroPng = pngClaiming(
      await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
        .png()
        .toBuffer(),
      0,
      0,
    );
    await expect(decodeImage(zeroPng)).rejects.toBeInstanceOf(ImageDecodeError);
  });

  it('rejects a missing file with ERR_IMAGE_NOT_FOUND naming the path', async () => {
    const file = join(directory, 'nope.jpg');
    await expect(decodeImage(file)).rejects.toMatchObject({ code: 'ERR_IMAGE_NOT_FOUND', input: file });
  });

  it.each([
    ['PNG', async () => pngClaiming(await photo().png().toBuffer(), 30000, 30000)],
    ['JPEG', async () => jpegClaiming(await photo().jpeg().toBuffer(), 30000, 30000)],
  ])('refuses a %s claiming 30000x30000 from its header with ImageTooLargeError', async (_format, make) => {
    const bytes = await make();
    expect(bytes.length).toBeLessThan(20_000);
    const metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
    expect([metadata.width, metadata.height]).toEqual([30000, 30000]);
    const error = await decodeImage(bytes).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImageTooLargeError);
    expect(error).toMatchObject({ code: 'ERR_IMAGE_TOO_LARGE', width: 30000, height: 30000, maxPixels: 100_000_000 });
    expect((error as Error).message).toContain('30000x30000');
    expect((error as Error).message).toContain('100000000');
    // The process stays healthy: the next image decodes.
    expect((await decodeImage(gracePath)).width).toBe(517);
  });

  it('honours a lower maxPixels and refuses raw pixels over it', async () => {
    await expect(decodeImage(gracePath, { maxPixels: 1000 })).rejects.toMatchObject({ code: 'ERR_IMAGE_TOO_LARGE' });
    await expect(
      decodeImage({ data: new Uint8Array(300), width: 10, height: 10, channels: 3 }, { maxPixels: 99 }),
    ).rejects.toBeInstanceOf(ImageTooLargeError);
  });

  it('rejects malformed arguments with ArgumentError naming them', async () => {
    await expect(decodeImage(42 as never)).rejects.toMatchObject({ name: 'ArgumentError', argument: 'image' });
    await expect(decodeImage({ data: new Uint8Array(5), width: 2, height: 1, channels: 3 })).rejects.toMatchObject({
      argument: 'image.data',
    });
    await expect(
      decodeImage({ data: new Uint8Array(4), width: 2, height: 1, channels: 2 as never }),
    ).rejects.toMatchObject({
      argument: 'image.channels',
    });
    await expect(decodeImage(gracePath, { maxPixels: -1 })).rejects.toBeInstanceOf(ArgumentError);
    await expect(decodeImage(gracePath, { maxDimension: 0 })).rejects.toMatchObject({ argument: 'maxDimension' });
    await expect(decodeImage(gracePath, { maxDecodedPixels: 1.5 })).rejects.toMatchObject({
      argument: 'maxDecodedPixels',
    });
  });
});

describe("jpegScaleFor (the native JPEG decoder's DCT scale, in eighths)", () => {
  it('decodes at full size when no reduction is asked for', () => {
    expect(jpegScaleFor({ width: 517, height: 606 }, undefined, 16_000_000)).toBe(8);
  });

  it('takes the smallest DCT scale that keeps both sides at or above the wanted size', () => {
    // 1280x720 towards 224x224: sharp would give 398x224; 3/8 gives 480x270, 2/8 would give 320x180.
    expect(jpegScaleFor({ width: 1280, height: 720 }, { width: 398, height: 224 }, 3_211_264)).toBe(3);
    // libjpeg rounds up: 1793 / 8 -> 225 >= 224.
    expect(jpegScaleFor({ width: 1793, height: 1793 }, { width: 224, height: 224 }, 3_211_264)).toBe(1);
  });

  it('leaves the image to sharp when the DCT scale cannot come within twice the wanted size', () => {
    // 4000x4000 towards 224x224: 1/8 gives 500x500, more than twice 224.
    expect(jpegScaleFor({ width: 4000, height: 4000 }, { width: 224, height: 224 }, 3_211_264)).toBeUndefined();
  });

  it('leaves the image to sharp when the DCT scale would exceed the decoded pixel budget', () => {
    // 400x100 within 10000 pixels: sharp gives 200x50; 4/8 (200x50) fits, 5/8 would not.
    expect(jpegScaleFor({ width: 400, height: 100 }, { width: 200, height: 50 }, 10_000)).toBe(4);
    expect(jpegScaleFor({ width: 401, height: 101 }, { width: 200, height: 50 }, 10_000)).toBeUndefined();
  });
});
