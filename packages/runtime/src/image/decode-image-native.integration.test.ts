import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ImageDecodeError } from '../errors/image-decode-error.js';
import { ImageTooLargeError } from '../errors/image-too-large-error.js';
import { nativeJpegDecoder } from '../openvino/native-jpeg.js';
import { sharedDirectory, temporaryDirectory } from '../test-support/shared-data.js';
import { buildOpenVinoExtras } from '../toolchain/openvino-extras.js';
import { decodeImage } from './decode-image.js';

const images = join(sharedDirectory, 'images');
const grace = join(images, 'grace_hopper.jpg'); // 517x606, no ICC profile, no EXIF (PROVENANCE.md)
const cat = join(images, 'cat_720p.jpg'); // 1280x720
const hotDog = join(images, 'hot_dog.jpg'); // carries the common "sRGB IEC61966-2.1" ICC profile

let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
beforeAll(async () => {
  directory = await temporaryDirectory();
  // The global setup built it; this states the expectation: with libjpeg's headers (which `pnpm
  // test` installs) the helper has the JPEG decoder.
  expect(buildOpenVinoExtras().jpeg).toBe(true);
});
afterAll(() => directory.remove());
afterEach(() => {
  delete process.env.HUBVINO_NATIVE_JPEG;
});

function decoder() {
  const found = nativeJpegDecoder();
  if (!found) throw new Error('the native JPEG decoder is not available');
  return found;
}

function differences(a: Uint8Array, b: Uint8Array): { max: number; mean: number } {
  expect(a.byteLength).toBe(b.byteLength);
  let max = 0;
  let sum = 0;
  for (let index = 0; index < a.length; index += 1) {
    const difference = Math.abs(a[index]! - b[index]!);
    if (difference > max) max = difference;
    sum += difference;
  }
  return { max, mean: sum / a.length };
}

describe('the native JPEG decoder behind decodeImage', () => {
  it('decodes plain JPEGs (baseline, progressive, grey) to exactly the pixels sharp gives', async () => {
    const progressive = await sharp(grace).jpeg({ progressive: true, quality: 85 }).toBuffer();
    const grey = await sharp(grace).greyscale().jpeg().toBuffer();
    const subsampled444 = await sharp(grace).jpeg({ chromaSubsampling: '4:4:4' }).toBuffer();
    for (const input of [grace, await readFile(cat), progressive, grey, subsampled444]) {
      const bytes = typeof input === 'string' ? await readFile(input) : input;
      expect(decoder().probe(bytes)).toBeDefined(); // the native decoder takes it
      const image = await decodeImage(input);
      const reference = await sharp(bytes).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
      expect([image.width, image.height, image.channels]).toEqual([reference.info.width, reference.info.height, 3]);
      expect(differences(image.data, reference.data).max).toBe(0);
    }
  });

  it('reduces a large JPEG towards a target with the DCT scale (eighths), never below the target, and records its own size', async () => {
    const reduced = await decodeImage(cat, { reduceTowards: { width: 224, height: 224 } });
    // 1280x720 (sharp: 398x224): 3/8 gives 480x270 (2/8 would give 320x180, below 224).
    expect([reduced.width, reduced.height]).toEqual([480, 270]);
    expect(reduced.source).toEqual({ width: 1280, height: 720 });
    // The same picture as sharp's own reduction to that size.
    const reference = await sharp(cat).resize(480, 270).raw().toBuffer();
    expect(differences(reduced.data, reference).mean).toBeLessThan(1.5);
  });

  it('turns each EXIF orientation (1-8) exactly as sharp does, also when reducing', async () => {
    const small = sharp(grace).resize(61, 70, { fit: 'fill' }); // odd width: a misplaced column shows
    for (let orientation = 1; orientation <= 8; orientation += 1) {
      const bytes = await small.clone().jpeg().withMetadata({ orientation }).toBuffer();
      const displayed = orientation >= 5 ? { width: 70, height: 61 } : { width: 61, height: 70 };
      expect(decoder().probe(bytes)).toEqual(displayed);
      const image = await decodeImage(bytes);
      expect([image.width, image.height]).toEqual([displayed.width, displayed.height]);
      const reference = await sharp(bytes).autoOrient().raw().toBuffer();
      expect(differences(image.data, reference).max).toBe(0);
    }
    const turned = await sharp(cat).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const reduced = await decodeImage(turned, { reduceTowards: { width: 224, height: 224 } });
    expect([reduced.width, reduced.height]).toEqual([270, 480]);
    expect(reduced.source).toEqual({ width: 720, height: 1280 });
  });

  it('takes the sRGB profiles that sharp leaves unchanged and leaves other ICC profiles, CMYK and non-JPEGs to sharp', async () => {
    const small = sharp(grace).resize(60, 70, { fit: 'fill' });
    const taggedSrgb = await small.clone().jpeg().withIccProfile('srgb').toBuffer();
    for (const bytes of [await readFile(hotDog), taggedSrgb]) {
      expect(decoder().probe(bytes)).toBeDefined();
      const image = await decodeImage(bytes);
      const reference = await sharp(bytes).toColourspace('srgb').raw().toBuffer();
      expect(differences(image.data, reference).max).toBe(0);
    }
    const withP3 = await small.clone().jpeg().withIccProfile('p3').toBuffer();
    const cmyk = await small.clone().toColourspace('cmyk').jpeg().toBuffer();
    const png = await small.clone().png().toBuffer();
    for (const bytes of [withP3, cmyk, png]) expect(decoder().probe(bytes)).toBeUndefined();
    const converted = await decodeImage(withP3);
    const reference = await sharp(withP3).toColourspace('srgb').raw().toBuffer();
    expect(differences(converted.data, reference).max).toBe(0); // sharp's ICC conversion, not raw P3 values
    const raw = await sharp(withP3, { ignoreIcc: true }).raw().toBuffer();
    expect(differences(converted.data, raw).max).toBeGreaterThan(0); // the conversion did change pixels
  });

  it('reduces a JPEG that the DCT scale cannot bring near the target with sharp, exactly to the target', async () => {
    const large = await sharp({ create: { width: 4000, height: 4000, channels: 3, background: '#336699' } })
      .jpeg()
      .toBuffer();
    expect(decoder().probe(large)).toEqual({ width: 4000, height: 4000 });
    const reduced = await decodeImage(large, { reduceTowards: { width: 224, height: 224 } });
    expect([reduced.width, reduced.height]).toEqual([224, 224]); // 1/8 would be 500x500
  });

  it('refuses a truncated JPEG with ImageDecodeError, as sharp does', async () => {
    const bytes = await readFile(grace);
    const truncated = bytes.subarray(0, Math.floor(bytes.length / 2));
    const size = decoder().probe(truncated);
    expect(size).toEqual({ width: 517, height: 606 }); // the header is intact
    expect(await decoder().decode(truncated, size!, 8)).toBeUndefined(); // libjpeg warned
    const file = join(directory.path, 'truncated.jpg');
    await writeFile(file, truncated);
    for (const input of [truncated, file]) {
      await expect(decodeImage(input)).rejects.toBeInstanceOf(ImageDecodeError);
    }
  });

  it('refuses a JPEG whose header claims more pixels than allowed before decoding it', async () => {
    await expect(decodeImage(grace, { maxPixels: 517 * 606 - 1 })).rejects.toBeInstanceOf(ImageTooLargeError);
    await expect(decodeImage(grace, { maxDimension: 605 })).rejects.toMatchObject({
      code: 'ERR_IMAGE_DIMENSION_TOO_LARGE',
    });
  });

  it('names a missing file as sharp does (ERR_IMAGE_NOT_FOUND)', async () => {
    const missing = join(directory.path, 'missing.jpg');
    await expect(decodeImage(missing)).rejects.toMatchObject({ code: 'ERR_IMAGE_NOT_FOUND', input: missing });
  });

  it('is switched off with HUBVINO_NATIVE_JPEG=0', () => {
    expect(nativeJpegDecoder()).toBeDefined();
    process.env.HUBVINO_NATIVE_JPEG = '0';
    expect(nativeJpegDecoder()).toBeUndefined();
  });

  it('falls back to sharp quietly when the helper cannot be loaded', async () => {
    const notALibrary = join(directory.path, 'libhubvino_openvino_extras.so');
    await writeFile(notALibrary, 'not a shared library');
    process.env.HUBVINO_OPENVINO_EXTRAS = notALibrary;
    try {
      expect(nativeJpegDecoder()).toBeUndefined();
      expect(await decodeImage(grace)).toMatchObject({ width: 517, height: 606 });
    } finally {
      delete process.env.HUBVINO_OPENVINO_EXTRAS;
    }
  });
});
