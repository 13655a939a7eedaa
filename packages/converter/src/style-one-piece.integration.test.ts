// TF Hub's one-piece Magenta SavedModel (magenta/arbitrary-image-stylization-v1-256/2, Kaggle
// google/arbitrary-image-stylization-v1/tensorFlow1/256/2), the form the OpenVINO notebook converts:
// its weights cannot be downloaded here, so a SavedModel with exactly its TF1 signature
// (placeholder, placeholder_1 -> output_0, all [?,?,?,3]; fixtures/make-style-saved-model.py) is
// served by a loopback hub under the real handles, converted, run by the runtime and compared with
// TensorFlow's own outputs on the same pixels.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArgumentError, Core, StyleTransfer } from '@hubvino/runtime';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from './convert.js';
import { type FakeHub, startFakeHub } from './test-support/fake-hub-server.js';
import {
  ensureStyleSavedModelFixture,
  readNpy,
  type StyleSavedModelFixture,
} from './test-support/saved-model-fixture.js';

const KAGGLE_HANDLE = 'https://www.kaggle.com/models/google/arbitrary-image-stylization-v1/tensorFlow1/256/2';
const TFHUB_PATH = '/google/magenta/arbitrary-image-stylization-v1-256/2';
const NAME = 'magenta-one-piece';

let fixture: StyleSavedModelFixture;
let hub: FakeHub;
let repository: string;
let cache: string;
let core: Core;

beforeAll(async () => {
  fixture = await ensureStyleSavedModelFixture();
  hub = await startFakeHub({
    'arbitrary-image-stylization-v1': {
      body: await readFile(fixture.archivePath),
      tfhubPaths: [TFHUB_PATH],
      kaggle: { framework: 'TensorFlow1', variation: '256', version: 2 },
    },
  });
  repository = await mkdtemp(join(tmpdir(), 'hubvino-one-piece-repo-'));
  cache = await mkdtemp(join(tmpdir(), 'hubvino-one-piece-cache-'));
  core = new Core();
}, 180_000);

afterAll(async () => {
  core?.dispose();
  await hub?.close();
  await rm(repository, { recursive: true, force: true });
  await rm(cache, { recursive: true, force: true });
});

/** Mean and largest |a - b| of a stylized PNG's pixels against TensorFlow's output (in [0, 1]) x 255. */
async function compareWithTensorFlow(png: Buffer, expectedPath: string) {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const expected = readNpy(expectedPath);
  const [, height, width] = expected.shape;
  expect({ width: info.width, height: info.height, channels: info.channels }).toEqual({ width, height, channels: 3 });
  let sum = 0;
  let max = 0;
  for (let index = 0; index < data.length; index += 1) {
    const difference = Math.abs((data[index] as number) - (expected.data[index] as number) * 255);
    sum += difference;
    max = Math.max(max, difference);
  }
  return { mean: sum / data.length, max };
}

describe('the one-piece Magenta SavedModel', () => {
  it('converts from its Kaggle handle as style-transfer (role one-piece), content H and W dynamic, validated against TensorFlow', async () => {
    const result = await convert({
      source: KAGGLE_HANDLE,
      name: NAME,
      repository,
      hub: { cacheDirectory: cache, hostMap: hub.hostMap },
    });
    const { manifest } = result;
    expect(manifest.task).toBe('style-transfer');
    expect(manifest.role).toBe('one-piece');
    expect(manifest.inputs.map((port) => [port.name, port.shape])).toEqual([
      ['placeholder', [1, -1, -1, 3]],
      ['placeholder_1', [1, 256, 256, 3]],
    ]);
    expect(manifest.outputs[0]?.shape).toEqual([1, -1, -1, 3]);
    expect(manifest.stylization).toEqual({
      contentInput: 'placeholder',
      styleInput: 'placeholder_1',
      styleSize: { height: 256, width: 256 },
    });
    expect(manifest.compile?.config.INFERENCE_PRECISION_HINT).toBe('f32');
    const tensorflow = manifest.validation?.references.find((reference) => reference.kind === 'tensorflow');
    expect(tensorflow?.passed).toBe(true);
    // The real handle's path: Kaggle's page asked for the compressed SavedModel, then storage.
    expect(hub.requests).toContainEqual({
      path: '/models/google/arbitrary-image-stylization-v1/tensorFlow1/256/2',
      query: '?tf-hub-format=compressed',
    });
    expect(result.source.resolvedUrl).toBe('https://www.kaggle.com/storage/arbitrary-image-stylization-v1.tar.gz');
  }, 240_000);

  it("resolves TF Hub's own handle for it through the Kaggle redirect", async () => {
    const result = await convert({
      source: `https://tfhub.dev${TFHUB_PATH}`,
      name: `${NAME}-tfhub`,
      repository,
      hub: { cacheDirectory: cache, hostMap: hub.hostMap },
      // Only the resolution is new here: OpenVINO's frontend suffices as the reference.
      tensorFlowReference: false,
    });
    expect(result.manifest.role).toBe('one-piece');
    expect(hub.requests.some((request) => request.path === TFHUB_PATH)).toBe(true);
  }, 240_000);

  // Tolerances, in u8 levels of the stylized PNG against TensorFlow's f32 output x 255, measured on
  // an AMX/BF16 Xeon (OpenVINO 2026.4.1, both content sizes): f32 (the artifact's default) mean 0.25 /
  // max 0.59 — the PNG's rounding; bf16 forced with INFERENCE_PRECISION_HINT mean 0.47 / max 2.7.
  // CPUs without bf16 (AVX2 EPYC) run the bf16 request in f32, so the f32 numbers apply there. The
  // model is float (no u8 kernels), so the low-precision setting does not change the path.
  for (const [precision, limits] of [
    ['f32', { mean: 0.6, max: 2 }],
    ['bf16', { mean: 1.5, max: 8 }],
  ] as const) {
    it(`StyleTransfer.load stylizes 640x480 and 300x500 photos at their size, agreeing with TensorFlow (${precision})`, async () => {
      using stylizer = await StyleTransfer.load(repository, NAME, {
        core,
        config: { INFERENCE_PRECISION_HINT: precision },
      });
      expect(stylizer.form).toBe('one-piece');
      expect(stylizer.supportsStrength).toBe(false);
      expect(stylizer.styleSize).toEqual({ height: 256, width: 256 });
      expect(stylizer.contentSize).toBeUndefined();
      for (const content of fixture.contents) {
        const result = await stylizer.stylize(content.imagePath, fixture.stylePath);
        expect({ width: result.width, height: result.height }).toEqual({
          width: content.width,
          height: content.height,
        });
        const difference = await compareWithTensorFlow(result.image, content.expectedOutputPath);
        expect(difference.mean).toBeLessThan(limits.mean);
        expect(difference.max).toBeLessThanOrEqual(limits.max);
      }
    }, 120_000);
  }

  it('the style image changes the result (the output depends on both inputs)', async () => {
    using stylizer = await StyleTransfer.load(repository, NAME, { core });
    const [content] = fixture.contents;
    if (!content) throw new Error('the fixture has no content image');
    const otherStyle = await sharp(fixture.stylePath).flop().negate().png().toBuffer();
    const result = await stylizer.stylize(content.imagePath, otherStyle);
    const difference = await compareWithTensorFlow(result.image, content.expectedOutputPath);
    // Measured 4.1 levels on average (max 24): over 4x the bf16 path's mean difference from TensorFlow.
    expect(difference.mean).toBeGreaterThan(2);
  }, 60_000);

  it('refuses strength below 1 and bottleneck styles with an ArgumentError naming the argument', async () => {
    using stylizer = await StyleTransfer.load(repository, NAME, { core });
    const [content] = fixture.contents;
    if (!content) throw new Error('the fixture has no content image');
    const strength = stylizer.stylize(content.imagePath, fixture.stylePath, { strength: 0.5 });
    await expect(strength).rejects.toBeInstanceOf(ArgumentError);
    await expect(strength).rejects.toMatchObject({ argument: 'strength', message: expect.stringMatching(/one-piece/) });
    await expect(stylizer.stylize(content.imagePath, new Float32Array(100))).rejects.toMatchObject({
      argument: 'style',
    });
    await expect(stylizer.predictStyle(fixture.stylePath)).rejects.toMatchObject({ argument: 'style' });
  }, 60_000);
});
