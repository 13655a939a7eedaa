import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ImageDecodeError } from '../errors/image-decode-error.js';
import { ImageTooLargeError } from '../errors/image-too-large-error.js';
import { squatBmp } from '../test-support/pose-audio-artifacts.js';
import { temporaryDirectory } from '../test-support/shared-data.js';
import { locateDevToolchain } from '../toolchain/index.js';
import { decodeImage } from './decode-image.js';

describe('decodeImage with BMP files (bmp-ts; sharp does not read BMP)', () => {
  it('decodes squat.bmp to the same RGB pixels as Pillow', async () => {
    const folder = await temporaryDirectory('hubvino-bmp-');
    try {
      const raw = join(folder.path, 'squat.rgb');
      await promisify(execFile)(locateDevToolchain().python, [
        '-c',
        'import sys; from PIL import Image; open(sys.argv[2], "wb").write(Image.open(sys.argv[1]).convert("RGB").tobytes())',
        squatBmp,
        raw,
      ]);
      const expected = new Uint8Array(await readFile(raw));
      for (const input of [squatBmp, await readFile(squatBmp)]) {
        const image = await decodeImage(input);
        expect([image.width, image.height, image.channels]).toEqual([500, 610, 3]);
        expect(Buffer.compare(Buffer.from(image.data), Buffer.from(expected))).toBe(0);
      }
    } finally {
      await folder.remove();
    }
  });

  it('refuses a truncated BMP with ImageDecodeError and a huge one from its header', async () => {
    const bytes = await readFile(squatBmp);
    await expect(decodeImage(bytes.subarray(0, 20))).rejects.toBeInstanceOf(ImageDecodeError);
    await expect(decodeImage(bytes.subarray(0, 5000))).rejects.toThrow(/Buffer\(5000 bytes\).*BMP/);
    const huge = Buffer.from(bytes.subarray(0, 64));
    huge.writeInt32LE(100_000, 18);
    huge.writeInt32LE(100_000, 22);
    await expect(decodeImage(huge)).rejects.toBeInstanceOf(ImageTooLargeError);
  });
});
