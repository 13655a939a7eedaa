import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../core.js';
import { ArgumentError } from '../../errors/argument-error.js';
import { DisposedError } from '../../errors/disposed-error.js';
import { ImageDecodeError } from '../../errors/image-decode-error.js';
import { ImageTooLargeError } from '../../errors/image-too-large-error.js';
import type { Classification, ImageClassification } from './classification.js';
import { ImageClassifier } from './image-classifier.js';

const shared = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../../shared');
const image = (name: string) => resolve(shared, 'images', name);
const labelsFile = resolve(shared, 'labels/ImageNetLabels.txt');
const mobileNetV2Quant = resolve(shared, 'models/mobilenet_v2_100_224/tflite_quant/mobilenet_v2_1.0_224_quant.tflite');
const mobileNetV1Float = resolve(
  shared,
  'models/mobilenet_v1_025_224/tflite_float/mobilenet_v1_0.25_224_1_default_1.tflite',
);

/**
 * The uint8 MobileNetV2's output is quantized *logits* (its graph ends at the Logits conv + reshape,
 * no softmax), with the parameters TensorFlow Lite's own Interpreter reports for tensor `output`
 * (`get_output_details()[0]['quantization']` with tensorflow-cpu 2.21.0): scale 0.09889253973960876,
 * zero point 58.
 */
const mobileNetV2Postprocessing = {
  activation: 'softmax',
  dequantization: { scale: 0.09889253973960876, zeroPoint: 58 },
  labelOffset: 1,
} as const;

/** TF Hub's 1001-class ImageNet indices of domestic cats: tabby, tiger cat, Persian, Siamese, Egyptian cat. */
const catIndices = [282, 283, 284, 285, 286];

/** Set HUBVINO_PRINT_TOP5=1 to print the observed top-5 lists (for reports). */
function show(title: string, result: Classification[]): void {
  if (!process.env.HUBVINO_PRINT_TOP5) return;
  const entries = result.map((entry) => `${entry.index} ${entry.label} ${entry.score.toFixed(4)}`);
  process.stderr.write(`${title}: ${entries.join(' | ')}\n`);
}

let core: Core;
let classifier: ImageClassifier;

beforeAll(async () => {
  core = new Core();
  classifier = await ImageClassifier.fromModelFile(mobileNetV2Quant, {
    preprocessing: { valueRange: 'uint8' },
    postprocessing: mobileNetV2Postprocessing,
    labels: labelsFile,
    core,
    config: { PERFORMANCE_HINT: 'THROUGHPUT' },
    requests: 4,
  });
});
afterAll(() => {
  classifier?.dispose();
  core?.dispose();
});

describe('ImageClassifier with the TF Hub TF Lite MobileNetV2 uint8 read by OpenVINO', () => {
  it('prepares a u8 NHWC input of any size and a 1001-class output', () => {
    expect(classifier.inputSize).toEqual({ height: 224, width: 224 });
    expect(classifier.classCount).toBe(1001);
    expect(classifier.requests).toBe(4);
    const input = classifier.compiledModel.input();
    expect(input.elementType).toBe('u8');
    expect(input.partialShape).toEqual([1, -1, -1, 3]);
  });

  it('classifies grace_hopper.jpg as "military uniform" (653)', async () => {
    const { classes: top5, timings } = await classifier.classify(image('grace_hopper.jpg'), { topK: 5 });
    show('mobilenet_v2 uint8 grace_hopper', top5);
    expect(top5).toHaveLength(5);
    expect(top5[0]).toMatchObject({ label: 'military uniform', index: 653 });
    // Every result says where its time went (what the demo shows); no speed is asserted here.
    expect(timings.preprocess).toBeGreaterThan(0);
    expect(timings.infer).toBeGreaterThan(0);
    expect(timings.postprocess).toBeGreaterThanOrEqual(0);
    expect(timings.total).toBeGreaterThanOrEqual(timings.preprocess + timings.infer + timings.postprocess);
  });

  it('classifies cat_720p.jpg as a domestic cat', async () => {
    const { classes: top5 } = await classifier.classify(image('cat_720p.jpg'));
    show('mobilenet_v2 uint8 cat_720p', top5);
    expect(catIndices).toContain(top5[0]?.index);
  });

  it('classifies hot_dog.jpg as "hotdog" (935)', async () => {
    const { classes: top5 } = await classifier.classify(image('hot_dog.jpg'));
    show('mobilenet_v2 uint8 hot_dog', top5);
    expect(top5[0]).toMatchObject({ label: 'hotdog', index: 935 });
  });

  it('returns softmax probabilities: sorted, in [0, 1], summing to 1 over all classes', async () => {
    const { classes: all } = await classifier.classify(image('grace_hopper.jpg'), { topK: 1001 });
    expect(all).toHaveLength(1001);
    const sum = all.reduce((total, entry) => total + entry.score, 0);
    expect(sum).toBeCloseTo(1, 4);
    for (let index = 1; index < all.length; index += 1) {
      expect(all[index]!.score).toBeLessThanOrEqual(all[index - 1]!.score);
    }
    expect(all[0]!.score).toBeGreaterThan(0.5);
    expect(new Set(all.map((entry) => entry.index)).size).toBe(1001);
  });

  it('gives the same answer for a path, its bytes and its raw pixels', async () => {
    const path = image('hot_dog.jpg');
    const { classes: fromPath } = await classifier.classify(path);
    const { classes: fromBuffer } = await classifier.classify(await readFile(path));
    const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
    const { classes: fromPixels } = await classifier.classify({
      data,
      width: info.width,
      height: info.height,
      channels: 3,
    });
    expect(fromBuffer).toEqual(fromPath);
    expect(fromPixels).toEqual(fromPath);
  });

  it('gives the same answers to 64 concurrent classifications as to sequential ones', async () => {
    const names = ['grace_hopper.jpg', 'cat_720p.jpg', 'hot_dog.jpg', 'owl.jpg'];
    const sequential = new Map<string, Classification[]>();
    for (const name of names) sequential.set(name, (await classifier.classify(image(name))).classes);
    const jobs = Array.from({ length: 64 }, (_, index) => names[index % names.length] as string);
    const concurrent = await Promise.all(jobs.map((name) => classifier.classify(image(name))));
    concurrent.forEach((result, index) => {
      expect(result.classes).toEqual(sequential.get(jobs[index] as string));
    });
  });

  it('classifies an array of images through the InferQueue, results in input order', async () => {
    const names = ['hot_dog.jpg', 'grace_hopper.jpg', 'cat_720p.jpg', 'hot_dog.jpg', 'grace_hopper.jpg'];
    const results = (
      await classifier.classify(
        names.map((name) => image(name)),
        { topK: 3 },
      )
    ).map((result) => result.classes);
    expect(results).toHaveLength(5);
    expect(results.map((result) => result[0]?.index)).toEqual([935, 653, results[2]![0]!.index, 935, 653]);
    expect(catIndices).toContain(results[2]![0]!.index);
    expect(results.every((result) => result.length === 3)).toBe(true);
    expect(await classifier.classify([], { topK: 3 })).toEqual([]);
  });

  it('rejects bytes that are not an image with ImageDecodeError and keeps working', async () => {
    await expect(classifier.classify(Buffer.from('not an image'))).rejects.toBeInstanceOf(ImageDecodeError);
    const results = await Promise.allSettled([
      classifier.classify(image('grace_hopper.jpg')),
      classifier.classify(Buffer.alloc(0)),
      classifier.classify(image('hot_dog.jpg')),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[0] as PromiseFulfilledResult<ImageClassification>).value.classes[0]?.index).toBe(653);
  });

  it('refuses an image over maxPixels before decoding it', async () => {
    using small = await ImageClassifier.fromModelFile(mobileNetV2Quant, {
      preprocessing: { valueRange: 'uint8' },
      postprocessing: mobileNetV2Postprocessing,
      core,
      maxPixels: 400_000, // grace_hopper is 517x606 = 313,302 pixels, cat_720p 1280x720 = 921,600
    });
    await expect(small.classify(image('cat_720p.jpg'))).rejects.toBeInstanceOf(ImageTooLargeError);
    // Without labels, classes are named by index.
    expect((await small.classify(image('grace_hopper.jpg'))).classes[0]).toMatchObject({
      label: 'class 653',
      index: 653,
    });
  });

  it('rejects a bad topK with ArgumentError naming it', async () => {
    await expect(classifier.classify(image('grace_hopper.jpg'), { topK: 0 })).rejects.toMatchObject({
      name: 'ArgumentError',
      argument: 'topK',
    });
  });

  it('rejects options that do not fit the model with ArgumentError naming them', async () => {
    const options = {
      preprocessing: { valueRange: 'uint8' },
      postprocessing: mobileNetV2Postprocessing,
      core,
    } as const;
    await expect(
      ImageClassifier.fromModelFile(mobileNetV2Quant, { ...options, preprocessing: { valueRange: 'float-0-1' } }),
    ).rejects.toMatchObject({ argument: 'preprocessing.valueRange' });
    await expect(
      ImageClassifier.fromModelFile(mobileNetV2Quant, { ...options, postprocessing: { activation: 'softmax' } }),
    ).rejects.toMatchObject({ argument: 'postprocessing.dequantization' });
    await expect(ImageClassifier.fromModelFile(mobileNetV2Quant, { ...options, labels: ['a', 'b'] })).rejects.toThrow(
      /2 labels but the model has 1001 classes/,
    );
    await expect(
      ImageClassifier.fromModelFile(mobileNetV2Quant, { ...options, preprocessing: { valueRange: 'bytes' as never } }),
    ).rejects.toBeInstanceOf(ArgumentError);
    await expect(ImageClassifier.fromModelFile(mobileNetV2Quant, {} as never)).rejects.toMatchObject({
      argument: 'preprocessing',
    });
    await expect(
      ImageClassifier.fromModelFile(resolve(shared, 'models/missing.tflite'), options),
    ).rejects.toMatchObject({ name: 'ArtifactNotFoundError' });
  });

  it('throws DisposedError after dispose(), which is safe to repeat', async () => {
    const disposable = await ImageClassifier.fromModelFile(mobileNetV2Quant, {
      preprocessing: { valueRange: 'uint8' },
      postprocessing: mobileNetV2Postprocessing,
      core,
    });
    const inFlight = disposable.classify(image('grace_hopper.jpg'));
    disposable.dispose();
    disposable[Symbol.dispose]();
    expect(disposable.disposed).toBe(true);
    await expect(disposable.classify(image('grace_hopper.jpg'))).rejects.toBeInstanceOf(DisposedError);
    // A classification already running when dispose() is called either finishes or reports DisposedError.
    await inFlight.then(
      (result) => expect(result.classes[0]?.index).toBe(653),
      (error: unknown) => expect(error).toBeInstanceOf(DisposedError),
    );
  });
});

describe('ImageClassifier with the TF Hub TF Lite MobileNetV1 0.25 float read by OpenVINO', () => {
  it('ranks "military uniform" in the top 3 for grace_hopper.jpg with the [-1, 1] range', async () => {
    using v1 = await ImageClassifier.fromModelFile(mobileNetV1Float, {
      preprocessing: { valueRange: 'float-minus1-1' },
      // The model ends in Softmax (output MobilenetV1/Predictions/Reshape_1).
      postprocessing: { activation: 'none', labelOffset: 1 },
      labels: labelsFile,
      core,
      // f32 so the scores do not depend on whether this CPU runs bf16 by default.
      config: { INFERENCE_PRECISION_HINT: 'f32' },
    });
    const { classes: top5 } = await v1.classify(image('grace_hopper.jpg'));
    show('mobilenet_v1_025 float grace_hopper', top5);
    // A weak network (depth 0.25): TF Lite itself ranks suit, military uniform, bow tie here.
    expect(top5.slice(0, 3).map((entry) => entry.label)).toContain('military uniform');
    expect(top5.reduce((total, entry) => total + entry.score, 0)).toBeLessThanOrEqual(1.0001);
    for (const name of ['cat_720p.jpg', 'hot_dog.jpg'])
      show(`mobilenet_v1_025 float ${name}`, (await v1.classify(image(name))).classes);
  });
});
