import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { boxIou, type Detection, decodeImage, ImageSegmenter, ObjectDetector } from '@hubvino/runtime';
import { locateDevToolchain } from '@hubvino/runtime/toolchain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../convert.js';
import { runProcess } from '../test-support/run-process.js';
import { hasShared, packageDirectory, sharedDirectory, sharedModels } from '../test-support/workspace-paths.js';

const referenceScript = join(packageDirectory, 'src/test-support/tflite-task-reference.py');
const image = (name: string) => join(sharedDirectory, 'images', name);
const detectionImages = ['cats_and_dogs.jpg', 'multi_objects.jpg', 'pets.jpg', 'grace_hopper.jpg', 'burger.jpg'];
const segmentationImages = ['segmentation_input_rotation0.jpg', 'cats_and_dogs.jpg', 'pets.jpg', 'grace_hopper.jpg'];

/**
 * Compile configurations covering the CPU plugin's precision paths, so the bounds below hold on any
 * CPU: the default (on AVX-512-BF16/AMX CPUs bf16 for float layers; u8 convolutions through
 * low-precision transformations), f32 forced, and low-precision transformations off (every
 * convolution in f32, what a CPU without VNNI needs to avoid u8 saturation).
 */
const precisionPaths: [string, Record<string, string>][] = [
  ['default', {}],
  ['f32', { INFERENCE_PRECISION_HINT: 'f32' }],
  ['no-low-precision', { INFERENCE_PRECISION_HINT: 'f32', LP_TRANSFORMS_MODE: 'NO' }],
];

interface TfliteDetections {
  count: number;
  classes: number[];
  scores: number[];
  boxes: number[][];
}

let work: string;
let repository: string;

async function tfliteReference(model: string, images: string[], mean: number, std: number) {
  const out = await mkdtemp(join(work, 'reference-'));
  const result = await runProcess(
    locateDevToolchain().python,
    [referenceScript, model, out, String(mean), String(std), ...images.map(image)],
    { environment: { TF_CPP_MIN_LOG_LEVEL: '3' } },
  );
  if (result.code !== 0) throw new Error(`TF Lite reference failed:\n${result.stderr.slice(-3000)}`);
  return {
    out,
    result: JSON.parse(result.stdout) as {
      inputSize: { width: number; height: number };
      images: Record<string, unknown>;
    },
  };
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'hubvino-detseg-'));
  repository = join(work, 'models');
  await convert({ source: sharedModels.ssd, name: 'ssd', repository });
  await convert({ source: sharedModels.deeplab, name: 'deeplabv3', repository, fp16: false });
}, 300_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe.runIf(hasShared)('ObjectDetector agrees with the TF Lite interpreter', () => {
  it.each(precisionPaths)(
    'on the same pixels (%s)',
    async (path, config) => {
      const { out, result } = await tfliteReference(sharedModels.ssd, detectionImages, 0, 1);
      using detector = await ObjectDetector.load(repository, 'ssd', { config });
      for (const name of detectionImages) {
        const reference = result.images[name] as TfliteDetections;
        const size = result.inputSize;
        const ours = await detector.detect(join(out, `${name}.png`), { scoreThreshold: 0 });
        const theirs = reference.boxes.map((box, row) => ({
          index: reference.classes[row] as number,
          score: reference.scores[row] as number,
          box: {
            x: (box[1] as number) * size.width,
            y: (box[0] as number) * size.height,
            width: ((box[3] as number) - (box[1] as number)) * size.width,
            height: ((box[2] as number) - (box[0] as number)) * size.height,
          },
        }));
        for (const detection of theirs.filter((d) => d.score >= 0.4)) {
          const best = Math.max(
            0,
            ...ours.filter((d) => d.index === detection.index).map((d) => boxIou(d.box, detection.box)),
          );
          const match = ours
            .filter((d) => d.index === detection.index)
            .sort((a, b) => boxIou(b.box, detection.box) - boxIou(a.box, detection.box))[0];
          console.info(
            path,
            name,
            detection.index,
            detection.score.toFixed(3),
            'best IoU',
            best.toFixed(3),
            'score',
            match?.score.toFixed(3),
          );
        }
        for (const detection of ours.filter((d: Detection) => d.score >= 0.4)) {
          const best = Math.max(
            0,
            ...theirs.filter((d) => d.index === detection.index).map((d) => boxIou(d.box, detection.box)),
          );
          console.info(path, name, 'ours', detection.index, detection.score.toFixed(3), 'best IoU', best.toFixed(3));
        }
      }
    },
    120_000,
  );
});

describe.runIf(hasShared)('ImageSegmenter agrees with the TF Lite interpreter', () => {
  it.each(precisionPaths)(
    'per pixel on the same pixels (%s)',
    async (path, config) => {
      const { out, result } = await tfliteReference(sharedModels.deeplab, segmentationImages, 127.5, 127.5);
      using segmenter = await ImageSegmenter.load(repository, 'deeplabv3', { config });
      for (const name of segmentationImages) {
        const reference = await readFile(join(out, `${name}.mask`));
        const ours = await segmenter.segment(join(out, `${name}.png`));
        let differ = 0;
        for (let pixel = 0; pixel < reference.length; pixel += 1)
          if (reference[pixel] !== ours.mask[pixel]) differ += 1;
        console.info(path, name, 'differ', (differ / reference.length).toFixed(5));
      }
      // The golden mask is 8-bit grey; decoded as RGB, every channel holds the grey value.
      const golden = await decodeImage(
        join(sharedDirectory, 'models/deeplabv3/expected/segmentation_golden_rotation0.png'),
      );
      const ours = await segmenter.segment(image('segmentation_input_rotation0.jpg'));
      let differ = 0;
      for (let pixel = 0; pixel < golden.width * golden.height; pixel += 1)
        if (golden.data[pixel * 3] !== (ours.mask[pixel] as number) * 10) differ += 1;
      console.info(path, 'golden differ', (differ / (golden.width * golden.height)).toFixed(5));
    },
    120_000,
  );
});
