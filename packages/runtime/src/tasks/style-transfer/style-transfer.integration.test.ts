import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../core.js';
import { ArgumentError } from '../../errors/argument-error.js';
import { DisposedError } from '../../errors/disposed-error.js';
import { ImageDecodeError } from '../../errors/image-decode-error.js';
import { temporaryDirectory } from '../../test-support/shared-data.js';
import {
  colorDistance,
  kandinskyPainting,
  magentaModelFiles,
  meanPixelDifference,
  tuebingenPhoto,
} from '../../test-support/style-transfer-data.js';
import { locateOpenVino } from '../../toolchain/locate-openvino.js';
import { prepareOnePieceModel } from './style-one-piece-model.js';
import { StyleTransfer } from './style-transfer.js';

const here = dirname(fileURLToPath(import.meta.url));
const artifactsDirectory = resolve(here, '../../../test-results/artifacts');
const referenceScript = resolve(here, '../../test-support/tflite-style-reference.py');

/** Set HUBVINO_PRINT_STYLE=1 to print the measured distances (for reports). */
function show(message: string): void {
  if (process.env.HUBVINO_PRINT_STYLE) process.stderr.write(`${message}\n`);
}

let core: Core;
let stylizer: StyleTransfer;
let full: Buffer; // Tuebingen in Kandinsky's style, strength 1

beforeAll(async () => {
  core = new Core();
  stylizer = await StyleTransfer.fromModelFiles(magentaModelFiles, { core });
  full = (await stylizer.stylize(tuebingenPhoto, kandinskyPainting)).image;
  await mkdir(artifactsDirectory, { recursive: true });
  await writeFile(join(artifactsDirectory, 'tuebingen-kandinsky.png'), full);
});
afterAll(() => {
  stylizer?.dispose();
  core?.dispose();
});

describe('StyleTransfer with the TF Hub Magenta int8 TF Lite parts read by OpenVINO', () => {
  it('reads the parts: 256x256 style images, 384x384 content images, 100-value bottlenecks', () => {
    expect(stylizer.styleSize).toEqual({ height: 256, width: 256 });
    expect(stylizer.contentSize).toEqual({ height: 384, width: 384 });
    expect(stylizer.bottleneckSize).toBe(100);
  });

  it('returns a PNG of the content image size (640x480) with a full, non-constant range of values', async () => {
    const metadata = await sharp(full).metadata();
    expect(metadata).toMatchObject({ format: 'png', width: 640, height: 480, channels: 3 });
    const { channels } = await sharp(full).stats();
    for (const channel of channels) {
      expect(channel.min).toBeGreaterThanOrEqual(0);
      expect(channel.max).toBeLessThanOrEqual(255);
      expect(channel.max - channel.min).toBeGreaterThan(100);
      expect(channel.stdev).toBeGreaterThan(20);
    }
  });

  it("moves the photo's colours towards the painting's (histogram chi-square distance)", async () => {
    const contentToStyle = await colorDistance(tuebingenPhoto, kandinskyPainting);
    const resultToStyle = await colorDistance(full, kandinskyPainting);
    show(`chi-square d(content, style) ${contentToStyle.toFixed(4)}  d(result, style) ${resultToStyle.toFixed(4)}`);
    expect(resultToStyle).toBeLessThan(0.8 * contentToStyle);
  });

  it('gives identical bytes for the same inputs (cached and uncached style, new instance)', async () => {
    const again = await stylizer.stylize(tuebingenPhoto, kandinskyPainting);
    expect(Buffer.compare(again.image, full)).toBe(0);
    using uncached = await StyleTransfer.fromModelFiles(magentaModelFiles, { core, bottleneckCacheSize: 0 });
    const fresh = await uncached.stylize(await readFile(tuebingenPhoto), await readFile(kandinskyPainting));
    expect(Buffer.compare(fresh.image, full)).toBe(0);
    expect(uncached.cachedBottlenecks).toBe(0);
  });

  it('stays closer to the content at strength 0 than at strength 1', async () => {
    const none = (await stylizer.stylize(tuebingenPhoto, kandinskyPainting, { strength: 0 })).image;
    const half = (await stylizer.stylize(tuebingenPhoto, kandinskyPainting, { strength: 0.5 })).image;
    const histogram = {
      none: await colorDistance(none, tuebingenPhoto),
      half: await colorDistance(half, tuebingenPhoto),
      full: await colorDistance(full, tuebingenPhoto),
    };
    const pixels = {
      none: await meanPixelDifference(tuebingenPhoto, none),
      half: await meanPixelDifference(tuebingenPhoto, half),
      full: await meanPixelDifference(tuebingenPhoto, full),
    };
    show(
      `d(result, content) chi-square ${JSON.stringify(histogram)} mean |pixel difference| ${JSON.stringify(pixels)}`,
    );
    expect(histogram.none).toBeLessThan(histogram.full);
    expect(pixels.none).toBeLessThan(0.8 * pixels.full);
    expect(pixels.half).toBeLessThan(pixels.full);
    expect(pixels.none).toBeLessThan(pixels.half);
  });

  it('accepts raw pixels of any size and writes a JPEG of that size', async () => {
    const photo = await sharp(tuebingenPhoto).resize(123, 77, { fit: 'fill' }).raw().toBuffer();
    const result = await stylizer.stylize(
      { data: new Uint8Array(photo), width: 123, height: 77, channels: 3 },
      kandinskyPainting,
      { format: 'jpeg', quality: 85, strength: 0.8 },
    );
    expect(result).toMatchObject({ width: 123, height: 77, format: 'jpeg', mimeType: 'image/jpeg' });
    expect(await sharp(result.image).metadata()).toMatchObject({ format: 'jpeg', width: 123, height: 77 });
    expect(result.timings.total).toBeGreaterThan(0);
  });

  it('caches style bottlenecks by pixels, whatever the input form', async () => {
    using cached = await StyleTransfer.fromModelFiles(magentaModelFiles, { core, bottleneckCacheSize: 2 });
    const fromPath = await cached.predictStyle(kandinskyPainting);
    const fromBytes = await cached.predictStyle(await readFile(kandinskyPainting));
    expect(cached.cachedBottlenecks).toBe(1);
    expect(fromBytes).toEqual(fromPath);
    await cached.predictStyle(tuebingenPhoto);
    expect(cached.cachedBottlenecks).toBe(2);
    // A bottleneck given directly stylizes exactly like the image it came from.
    const fromBottleneck = await cached.stylize(tuebingenPhoto, fromPath);
    expect(Buffer.compare(fromBottleneck.image, full)).toBe(0);
  });

  it('rejects a strength outside [0, 1] with ArgumentError naming strength', async () => {
    for (const strength of [1.5, -0.1, Number.NaN]) {
      const error = await stylizer.stylize(tuebingenPhoto, kandinskyPainting, { strength }).catch((caught) => caught);
      expect(error).toBeInstanceOf(ArgumentError);
      expect(error).toMatchObject({ argument: 'strength' });
    }
    await expect(stylizer.stylize(tuebingenPhoto, kandinskyPainting, { format: 'bmp' as never })).rejects.toMatchObject(
      { argument: 'format' },
    );
  });

  it('rejects bytes that are not an image with ImageDecodeError', async () => {
    await expect(stylizer.stylize(Buffer.from('not an image'), kandinskyPainting)).rejects.toBeInstanceOf(
      ImageDecodeError,
    );
    await expect(stylizer.stylize(tuebingenPhoto, Buffer.from('not a painting'))).rejects.toBeInstanceOf(
      ImageDecodeError,
    );
  });

  it('rejects the parts swapped with ArgumentError naming models.prediction', async () => {
    const swapped = { prediction: magentaModelFiles.transfer, transfer: magentaModelFiles.prediction };
    await expect(StyleTransfer.fromModelFiles(swapped, { core })).rejects.toMatchObject({
      name: 'ArgumentError',
      argument: 'models.prediction',
    });
    await expect(
      StyleTransfer.fromModelFiles({ prediction: magentaModelFiles.prediction } as never),
    ).rejects.toMatchObject({
      argument: 'modelPaths',
    });
  });

  it('is the two-part form: strength supported, content resized to 384x384', () => {
    expect(stylizer.form).toBe('two-part');
    expect(stylizer.supportsStrength).toBe(true);
    expect(stylizer.manifest).toBeUndefined();
  });

  it("refuses Magenta's transfer part as a one-piece model (its second input is a bottleneck, not an image)", async () => {
    const transfer = await core.readModel(magentaModelFiles.transfer);
    expect(() => prepareOnePieceModel(transfer, undefined)).toThrow(ArgumentError);
    const prediction = await core.readModel(magentaModelFiles.prediction);
    expect(() => prepareOnePieceModel(prediction, undefined)).toThrow(/two image inputs \(content, style\)/);
  });

  it('throws DisposedError after dispose()', async () => {
    const disposable = await StyleTransfer.fromModelFiles(magentaModelFiles, { core });
    disposable.dispose();
    disposable.dispose();
    await expect(disposable.stylize(tuebingenPhoto, kandinskyPainting)).rejects.toBeInstanceOf(DisposedError);
  });
});

describe('StyleTransfer agrees with TensorFlow Lite on the same pixels', () => {
  it('gives the bottleneck and stylized image of the TF Lite interpreter (LiteRT 2.3.0) for model-sized inputs', async () => {
    const python = locateOpenVino().python as string;
    const directory = await temporaryDirectory('hubvino-style-');
    try {
      // Model-sized images: OpenVINO's resize is then the identity, so both see the same values.
      const style = await sharp(kandinskyPainting).resize(256, 256, { fit: 'cover' }).raw().toBuffer();
      const content = await sharp(tuebingenPhoto).resize(384, 384, { fit: 'fill' }).raw().toBuffer();
      await writeFile(join(directory.path, 'style.u8'), style);
      await writeFile(join(directory.path, 'content.u8'), content);
      await new Promise<void>((resolvePromise, reject) => {
        const child = spawn(
          python,
          [
            referenceScript,
            magentaModelFiles.prediction,
            magentaModelFiles.transfer,
            join(directory.path, 'style.u8'),
            join(directory.path, 'content.u8'),
            directory.path,
          ],
          { stdio: ['ignore', 'ignore', 'pipe'] },
        );
        let stderr = '';
        child.stderr.on('data', (chunk) => {
          stderr += chunk;
        });
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`reference failed: ${stderr}`))));
      });
      const toFloats = (bytes: Buffer) => new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      const referenceBottleneck = toFloats(await readFile(join(directory.path, 'bottleneck.f32')));
      const referenceImage = toFloats(await readFile(join(directory.path, 'stylized.f32')));

      const bottleneck = await stylizer.predictStyle({
        data: new Uint8Array(style),
        width: 256,
        height: 256,
        channels: 3,
      });
      expect(bottleneck).toHaveLength(100);
      let bottleneckDiff = 0;
      let bottleneckScale = 0;
      for (let index = 0; index < 100; index += 1) {
        bottleneckDiff = Math.max(
          bottleneckDiff,
          Math.abs((bottleneck[index] as number) - (referenceBottleneck[index] as number)),
        );
        bottleneckScale = Math.max(bottleneckScale, Math.abs(referenceBottleneck[index] as number));
      }
      // The transfer part is sensitive to its bottleneck (TF Lite's hybrid int8 kernels and OpenVINO's
      // float ones differ by ~1% there), so it is checked with TF Lite's own bottleneck.
      const result = await stylizer.stylize(
        { data: new Uint8Array(content), width: 384, height: 384, channels: 3 },
        referenceBottleneck,
      );
      const pixels = await sharp(result.image).raw().toBuffer();
      let imageDiff = 0;
      for (let index = 0; index < pixels.length; index += 1) {
        imageDiff += Math.abs((pixels[index] as number) / 255 - (referenceImage[index] as number));
      }
      imageDiff /= pixels.length;
      show(
        `vs TF Lite: bottleneck max |diff| ${bottleneckDiff.toFixed(5)} (max |value| ${bottleneckScale.toFixed(3)}), image mean |diff| ${imageDiff.toFixed(5)}`,
      );
      expect(bottleneckDiff).toBeLessThan(0.02 * bottleneckScale);
      // Observed 0.018 in f32 with u8 kernels on VNNI/AMX, 0.024 on the saturating-int8 path the guard
      // takes without VNNI (low precision off; measured with ONEDNN_MAX_CPU_ISA=AVX2), 0.044 with
      // OpenVINO's bf16 default on AVX512_BF16 CPUs; another style: ~0.2. The bound holds on both CPU classes.
      expect(imageDiff).toBeLessThan(0.035);
    } finally {
      await directory.remove();
    }
  });
});
