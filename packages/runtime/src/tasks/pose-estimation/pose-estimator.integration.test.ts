import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError } from '../../errors/argument-error.js';
import { DisposedError } from '../../errors/disposed-error.js';
import { ImageDecodeError } from '../../errors/image-decode-error.js';
import { decodeImage } from '../../image/decode-image.js';
import type { PropertyMap } from '../../properties.js';
import {
  movenetCoralReference,
  movenetTflite,
  squatBmp,
  writeMovenetArtifact,
} from '../../test-support/pose-audio-artifacts.js';
import { sharedDirectory, temporaryDirectory } from '../../test-support/shared-data.js';
import { runTfliteInterpreter } from '../../test-support/tflite-reference.js';
import { poseAgreement } from './pose-agreement.js';
import { PoseEstimator } from './pose-estimator.js';

type Point = { x: number; y: number; score: number };

/**
 * The CPU precision paths a user can get: OpenVINO's low-precision (u8) transformations on (its
 * default) or off (`LP_TRANSFORMS_MODE: NO`), each with f32 forced and with the CPU's default
 * inference precision (bf16 on AVX512-BF16/AMX CPUs, f32 elsewhere).
 */
const paths: { name: string; config: PropertyMap }[] = [
  { name: 'f32, low precision off', config: { INFERENCE_PRECISION_HINT: 'f32', LP_TRANSFORMS_MODE: 'NO' } },
  { name: 'f32, low precision on', config: { INFERENCE_PRECISION_HINT: 'f32' } },
  { name: 'CPU default precision, low precision on', config: {} },
  { name: 'CPU default precision, low precision off', config: { LP_TRANSFORMS_MODE: 'NO' } },
];

let folder: Awaited<ReturnType<typeof temporaryDirectory>>;
/** squat.bmp padded to a centred square and resized to 192x192 by sharp (bilinear), as the model card asks. */
let squatPixels: Uint8Array;
/** TF Lite interpreter keypoints on `squatPixels`, in 192x192 pixels. */
let interpreterPoints: Point[];
/** Coral's reference keypoints in squat.bmp pixels (normalised x * width, y * height). */
let coralPoints: Point[];

beforeAll(async () => {
  folder = await temporaryDirectory('hubvino-movenet-');
  await writeMovenetArtifact(folder.path);
  const squat = await decodeImage(squatBmp);
  expect([squat.width, squat.height]).toEqual([500, 610]);
  const padded = await sharp(Buffer.from(squat.data), { raw: { width: 500, height: 610, channels: 3 } })
    .extend({ left: 55, right: 55, background: '#000000' })
    .raw()
    .toBuffer();
  squatPixels = new Uint8Array(
    await sharp(padded, { raw: { width: 610, height: 610, channels: 3 } })
      .resize(192, 192, { kernel: 'linear' })
      .raw()
      .toBuffer(),
  );
  const output = await runTfliteInterpreter(movenetTflite, squatPixels);
  interpreterPoints = Array.from({ length: 17 }, (_, index) => ({
    y: (output[index * 3] as number) * 192,
    x: (output[index * 3 + 1] as number) * 192,
    score: output[index * 3 + 2] as number,
  }));
  const rows = (await readFile(movenetCoralReference, 'utf8')).trim().split('\n').slice(1);
  coralPoints = rows.map((row) => {
    const [, , , score, x, y] = row.split(',').map(Number) as number[];
    return { x: (x as number) * 500, y: (y as number) * 610, score: score as number };
  });
}, 180_000);
afterAll(() => folder?.remove());

/** TF Lite's keypoints mapped from the 192x192 square to squat.bmp's pixels (55 px of padding left). */
function interpreterInImage(): Point[] {
  return interpreterPoints.map((point) => ({
    x: (point.x / 192) * 610 - 55,
    y: (point.y / 192) * 610,
    score: point.score,
  }));
}

describe('PoseEstimator with MoveNet lightning int8', () => {
  it('returns 17 named COCO keypoints and the skeleton edges, with timings', async () => {
    using estimator = await PoseEstimator.load(folder.path, 'movenet');
    expect(estimator.inputSize).toEqual({ height: 192, width: 192 });
    const pose = await estimator.estimate(squatBmp);
    expect(pose.keypoints.map((point) => point.name)).toEqual([...PoseEstimator.keypointNames]);
    expect([pose.width, pose.height]).toEqual([500, 610]);
    for (const point of pose.keypoints) {
      expect(point.x).toBeGreaterThanOrEqual(0);
      expect(point.x).toBeLessThanOrEqual(500);
      expect(point.y).toBeGreaterThanOrEqual(0);
      expect(point.y).toBeLessThanOrEqual(610);
    }
    expect(pose.skeleton).toBe(PoseEstimator.skeleton);
    expect(pose.timings.total).toBeGreaterThan(0);
    // The subject's head is above their ankles in the photo.
    const byName = Object.fromEntries(pose.keypoints.map((point) => [point.name, point]));
    expect(byName.nose?.y).toBeLessThan(byName.left_ankle?.y ?? 0);
  });

  // Measured on this Xeon (AVX-512 VNNI, AMX, BF16) on all four paths and, with f32 forced, with
  // ONEDNN_MAX_CPU_ISA=AVX2 (the saturating u8 path of AVX2-only CPUs). Worst over all of them:
  // - same pixels: mean 0.0114, max 0.0330 of the 192 px side; mean |score diff| 0.212 (AVX2 u8).
  //   The model's scores come out of a quantized logit, so one step flips a score by up to 0.7
  //   (max measured 0.709): only the mean score difference is bounded.
  // - whole pipeline on squat.bmp vs TF Lite on sharp's pixels: mean 0.0129, max 0.0330 of 610 px.
  // - vs Coral's reference (resize unknown; mapped as a stretch, as pycoral's example resizes):
  //   mean 0.0170, max 0.0519 of 610 px; TF Lite itself is mean 0.0162, max 0.0487 from it.
  // - no person: mean keypoint score <= 0.189 (hot_dog.jpg), person >= 0.558 (AVX2 u8 path).
  for (const path of paths) {
    it(`agrees with the TF Lite interpreter and Coral's reference on squat.bmp (${path.name})`, async () => {
      using estimator = await PoseEstimator.load(folder.path, 'movenet', { config: path.config });
      const same = await estimator.estimate({ data: squatPixels, width: 192, height: 192, channels: 3 });
      const onPixels = poseAgreement(same.keypoints, interpreterPoints, 192);
      expect(onPixels.meanDistance).toBeLessThan(0.02);
      expect(onPixels.maxDistance).toBeLessThan(0.05);
      expect(onPixels.meanScoreDifference).toBeLessThan(0.3);

      const pose = await estimator.estimate(squatBmp);
      const whole = poseAgreement(pose.keypoints, interpreterInImage(), 610);
      expect(whole.meanDistance).toBeLessThan(0.025);
      expect(whole.maxDistance).toBeLessThan(0.05);
      const coral = poseAgreement(pose.keypoints, coralPoints, 610);
      expect(coral.meanDistance).toBeLessThan(0.03);
      expect(coral.maxDistance).toBeLessThan(0.08);
      expect(pose.score).toBeGreaterThan(0.45);

      // No person: a flat grey image and a hot dog give low scores, not a crash.
      const grey = await estimator.estimate({
        data: new Uint8Array(300 * 200 * 3).fill(128),
        width: 300,
        height: 200,
        channels: 3,
      });
      const hotDog = await estimator.estimate(join(sharedDirectory, 'images', 'hot_dog.jpg'));
      expect(grey.keypoints).toHaveLength(17);
      expect(grey.score).toBeLessThan(0.3);
      expect(hotDog.score).toBeLessThan(0.3);
    });
  }

  it('rejects a non-image with ImageDecodeError, a classifier artifact with ArgumentError, and use after dispose', async () => {
    const estimator = await PoseEstimator.load(folder.path, 'movenet');
    await expect(estimator.estimate(Buffer.from('not an image'))).rejects.toBeInstanceOf(ImageDecodeError);
    estimator.dispose();
    await expect(estimator.estimate(squatBmp)).rejects.toBeInstanceOf(DisposedError);
    estimator.dispose();
    await writeMovenetArtifact(folder.path, 'movenet-generic', 'generic');
    await expect(PoseEstimator.load(folder.path, 'movenet-generic')).rejects.toThrow(
      /is a generic model, not a pose estimator/,
    );
    await expect(PoseEstimator.load(folder.path, 'movenet', { requests: 0 })).rejects.toBeInstanceOf(ArgumentError);
  });
});
