import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManifestInput } from '../../artifact/manifest.js';
import { writeTestArtifact } from '../../artifact/test-support/write-test-artifact.js';
import { Core } from '../../core.js';
import { ArtifactCorruptError } from '../../errors/artifact-corrupt-error.js';
import { writeMeanColorIr } from '../../test-support/tiny-ir.js';
import { locateOpenVino } from '../../toolchain/locate-openvino.js';
import { ImageClassifier } from './image-classifier.js';

const shared = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../../shared');

let repository: string;
let core: Core;

beforeAll(async () => {
  repository = await mkdtemp(join(tmpdir(), 'hubvino-classifier-artifacts-'));
  core = new Core();
});
afterAll(async () => {
  core?.dispose();
  await rm(repository, { recursive: true, force: true });
});

/**
 * A classifier artifact around the hand-written mean-colour IR (2x2 NHWC f32 -> mean R, G, B as
 * logits) with labels red, green, blue. Its answers follow from arithmetic, not from hubvino.
 */
function colorArtifact(name: string, manifest: Partial<ManifestInput> = {}): Promise<string> {
  return writeTestArtifact(repository, name, 1, {
    writeFiles: async (directory) => {
      await writeMeanColorIr(directory);
      await writeFile(join(directory, 'labels.txt'), 'red\ngreen\nblue\n');
    },
    files: ['model.xml', 'model.bin', 'labels.txt'],
    manifest: {
      task: 'image-classification',
      inputs: [{ name: 'image', shape: [1, 2, 2, 3], elementType: 'f32', layout: 'NHWC' }],
      outputs: [{ name: 'logits', shape: [1, 3], elementType: 'f32' }],
      preprocessing: { inputSize: { height: 2, width: 2 }, valueRange: 'float-0-1' },
      postprocessing: { activation: 'softmax', labelsFile: 'labels.txt' },
      ...manifest,
    },
  });
}

/** Raw pixels of one colour. */
function solid(width: number, height: number, rgb: [number, number, number]) {
  const data = new Uint8Array(width * height * 3);
  for (let offset = 0; offset < data.length; offset += 3) data.set(rgb, offset);
  return { data, width, height, channels: 3 as const };
}

describe('ImageClassifier.load with hand-written artifacts', () => {
  it('applies the manifest preprocessing (x / 255), softmax and labels', async () => {
    await colorArtifact('colors');
    using classifier = await ImageClassifier.load(repository, 'colors', { core });
    expect(classifier.manifest?.name).toBe('colors');
    expect(classifier.labels).toEqual(['red', 'green', 'blue']);
    const { classes: result } = await classifier.classify(solid(10, 7, [255, 0, 0]), { topK: 3 });
    // Logits (1, 0, 0): softmax gives e / (e + 2) for red and 1 / (e + 2) for the others.
    expect(result[0]).toMatchObject({ label: 'red', index: 0 });
    expect(result[0]!.score).toBeCloseTo(Math.E / (Math.E + 2), 3);
    expect(result[1]!.score).toBeCloseTo(1 / (Math.E + 2), 3);
    const bluePng = await sharp({ create: { width: 5, height: 9, channels: 3, background: '#0000ff' } })
      .png()
      .toBuffer();
    expect((await classifier.classify(bluePng)).classes[0]?.label).toBe('blue');
  });

  it('applies the [-1, 1] value range (x / 127.5 - 1)', async () => {
    await colorArtifact('colors_signed', {
      preprocessing: { inputSize: { height: 2, width: 2 }, valueRange: 'float-minus1-1' },
    });
    using classifier = await ImageClassifier.load(repository, 'colors_signed', { core });
    const [best] = (await classifier.classify(solid(4, 4, [0, 255, 0]))).classes;
    // Logits (-1, 1, -1): e / (e + 2 / e).
    expect(best).toMatchObject({ label: 'green', index: 1 });
    expect(best!.score).toBeCloseTo(Math.E / (Math.E + 2 / Math.E), 3);
  });

  it('center-crops when the manifest says so, and stretches by default', async () => {
    // 30x10: green, red and blue thirds. The central square is all red.
    const data = new Uint8Array(30 * 10 * 3);
    for (let y = 0; y < 10; y += 1) {
      for (let x = 0; x < 30; x += 1)
        data.set(x < 10 ? [0, 255, 0] : x < 20 ? [255, 0, 0] : [0, 0, 255], (y * 30 + x) * 3);
    }
    const stripes = { data, width: 30, height: 10, channels: 3 as const };
    await colorArtifact('colors_cropped', {
      preprocessing: { inputSize: { height: 2, width: 2 }, valueRange: 'float-0-1', resizeMode: 'center-crop' },
    });
    using cropped = await ImageClassifier.load(repository, 'colors_cropped', { core });
    expect((await cropped.classify(stripes)).classes[0]?.label).toBe('red');
    using stretched = await ImageClassifier.load(repository, 'colors', { core });
    expect((await stretched.classify(stripes)).classes[0]?.label).not.toBe('red');
  });

  it('feeds an NCHW model (manifest layout NCHW) through the same u8 NHWC input', async () => {
    await writeTestArtifact(repository, 'colors_nchw', 1, {
      writeFiles: async (directory) => {
        await writeMeanColorIr(directory, 2, 2, 'NCHW');
        await writeFile(join(directory, 'labels.txt'), 'red\ngreen\nblue\n');
      },
      files: ['model.xml', 'model.bin', 'labels.txt'],
      manifest: {
        task: 'image-classification',
        preprocessing: { inputSize: { height: 2, width: 2 }, valueRange: 'float-0-1', layout: 'NCHW' },
        postprocessing: { activation: 'softmax', labelsFile: 'labels.txt' },
      },
    });
    using classifier = await ImageClassifier.load(repository, 'colors_nchw', { core });
    expect(classifier.compiledModel.input().partialShape).toEqual([1, -1, -1, 3]);
    const { classes: result } = await classifier.classify(solid(6, 3, [0, 0, 255]), { topK: 3 });
    expect(result[0]).toMatchObject({ label: 'blue', index: 2 });
    expect(result[0]!.score).toBeCloseTo(Math.E / (Math.E + 2), 3);
    // Without a manifest, the layout is guessed from the [1, 3, 2, 2] shape.
    using direct = await ImageClassifier.fromModelFile(join(repository, 'colors_nchw', '1', 'model.xml'), {
      preprocessing: { valueRange: 'float-0-1' },
      postprocessing: { activation: 'none' },
      labels: ['r', 'g', 'b'],
      core,
    });
    expect(direct.inputSize).toEqual({ height: 2, width: 2 });
    expect((await direct.classify(solid(5, 5, [0, 255, 0]), { topK: 1 })).classes).toEqual([
      { label: 'g', score: 1, index: 1 },
    ]);
  });

  it('swaps channels for a BGR model', async () => {
    await colorArtifact('colors_bgr', {
      preprocessing: { inputSize: { height: 2, width: 2 }, valueRange: 'float-0-1', colorOrder: 'BGR' },
    });
    using classifier = await ImageClassifier.load(repository, 'colors_bgr', { core });
    // A red picture reaches a BGR model as (0, 0, 1): the model's third channel.
    expect((await classifier.classify(solid(3, 3, [255, 0, 0]))).classes[0]?.index).toBe(2);
  });

  it('refuses an artifact of another task with ArgumentError naming it', async () => {
    await colorArtifact('stylist', { task: 'style-transfer' });
    await expect(ImageClassifier.load(repository, 'stylist', { core })).rejects.toThrow(
      /'stylist' version 1 is a style-transfer model, not an image classifier/,
    );
  });

  it('refuses a classifier manifest without preprocessing with ArtifactCorruptError', async () => {
    await colorArtifact('no_preprocessing', { preprocessing: undefined });
    await expect(ImageClassifier.load(repository, 'no_preprocessing', { core })).rejects.toBeInstanceOf(
      ArtifactCorruptError,
    );
  });
});

describe('ImageClassifier.load with MobileNetV2 converted to IR by ovc', () => {
  it('classifies grace_hopper.jpg as "military uniform" from the latest version', async () => {
    const directory = join(repository, 'mobilenet_v2', '1');
    const { ovc } = locateOpenVino();
    if (!ovc) throw new Error('ovc is not provisioned; run pnpm install (see packages/runtime/toolchain.json)');
    await promisify(execFile)(
      ovc.command,
      [
        ...ovc.args,
        resolve(shared, 'models/mobilenet_v2_100_224/tflite_quant/mobilenet_v2_1.0_224_quant.tflite'),
        '--output_model',
        join(directory, 'model.xml'),
      ],
      { timeout: 120_000 },
    );
    await writeTestArtifact(repository, 'mobilenet_v2', 1, {
      writeFiles: async (target) => {
        // A 1000-line labels file (no "background") with labelOffset 1 exercises the TF Hub convention.
        const labels = (await readFile(resolve(shared, 'labels/ImageNetLabels.txt'), 'utf8')).split('\n').slice(1);
        await writeFile(join(target, 'labels.txt'), labels.join('\n'));
      },
      files: ['model.xml', 'model.bin', 'labels.txt'],
      manifest: {
        task: 'image-classification',
        source: { handle: 'mobilenet_v2_1.0_224_quant.tflite', format: 'tflite', sha256: '0'.repeat(64) },
        inputs: [{ name: 'input', shape: [1, 224, 224, 3], elementType: 'u8', layout: 'NHWC' }],
        outputs: [{ name: 'output', shape: [1, 1001], elementType: 'u8' }],
        preprocessing: { inputSize: { height: 224, width: 224 }, valueRange: 'uint8' },
        postprocessing: {
          activation: 'softmax',
          labelsFile: 'labels.txt',
          labelOffset: 1,
          // TF Lite Interpreter's quantization of tensor `output` (see image-classifier.integration.test.ts).
          dequantization: { scale: 0.09889253973960876, zeroPoint: 58 },
        },
        compile: { device: 'CPU', config: { PERFORMANCE_HINT: 'LATENCY' } },
      },
    });
    using classifier = await ImageClassifier.load(repository, 'mobilenet_v2', { core });
    expect(classifier.labels).toHaveLength(1000);
    const { classes: top5 } = await classifier.classify(resolve(shared, 'images/grace_hopper.jpg'), { topK: 5 });
    expect(top5[0]).toMatchObject({ label: 'military uniform', index: 653 });
    const [background] = await classifier
      .classify(resolve(shared, 'images/grace_hopper.jpg'), { topK: 1001 })
      .then((all) => all.classes.filter((entry) => entry.index === 0));
    expect(background?.label).toBe('background');
  });
});
