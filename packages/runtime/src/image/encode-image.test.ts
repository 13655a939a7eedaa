import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../errors/argument-error.js';
import { encodeImage } from './encode-image.js';

const gradient = (() => {
  const data = new Uint8Array(16 * 8 * 3);
  for (let pixel = 0; pixel < 16 * 8; pixel += 1) data.set([(pixel % 16) * 16, (pixel >> 4) * 32, 100], pixel * 3);
  return { data, width: 16, height: 8, channels: 3 as const };
})();

describe('encodeImage', () => {
  it('writes a lossless PNG by default with the same pixels', async () => {
    const png = await encodeImage(gradient);
    const decoded = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect(decoded.info).toMatchObject({ format: 'raw', width: 16, height: 8, channels: 3 });
    expect(new Uint8Array(decoded.data)).toEqual(gradient.data);
    expect((await sharp(png).metadata()).format).toBe('png');
  });

  it('writes a JPEG at the given quality, resized to the exact size asked', async () => {
    const jpeg = await encodeImage(gradient, { format: 'jpeg', quality: 80, resize: { width: 33, height: 7 } });
    expect(await sharp(jpeg).metadata()).toMatchObject({ format: 'jpeg', width: 33, height: 7 });
  });

  it('is deterministic', async () => {
    expect(Buffer.compare(await encodeImage(gradient), await encodeImage(gradient))).toBe(0);
  });

  it('rejects bad options and pixels with ArgumentError naming them', async () => {
    await expect(encodeImage(gradient, { format: 'gif' as never })).rejects.toMatchObject({ argument: 'format' });
    await expect(encodeImage(gradient, { format: 'jpeg', quality: 0 })).rejects.toMatchObject({ argument: 'quality' });
    await expect(encodeImage(gradient, { quality: 50 })).rejects.toMatchObject({ argument: 'quality' });
    await expect(encodeImage(gradient, { resize: { width: 0, height: 3 } })).rejects.toMatchObject({
      argument: 'resize',
    });
    await expect(encodeImage({ ...gradient, width: 17 })).rejects.toBeInstanceOf(ArgumentError);
  });
});
