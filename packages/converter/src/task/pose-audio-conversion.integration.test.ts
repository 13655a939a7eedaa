import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AudioClassifier, PoseEstimator } from '@hubvino/runtime';
import { readManifest, verifyArtifactFiles } from '@hubvino/runtime/artifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../convert.js';
import { sharedDirectory, sharedModels } from '../test-support/workspace-paths.js';

let repository: string;
beforeAll(async () => {
  repository = await mkdtemp(join(tmpdir(), 'hubvino-pose-audio-'));
});
afterAll(() => rm(repository, { recursive: true, force: true }));

describe('convert() describes MoveNet and YAMNet for their tasks', () => {
  it('publishes MoveNet as pose-estimation with square padding, usable by PoseEstimator', async () => {
    const result = await convert({ source: sharedModels.movenet, name: 'movenet', repository });
    const manifest = await readManifest(result.directory);
    await verifyArtifactFiles(result.directory, manifest);
    expect(manifest.task).toBe('pose-estimation');
    expect(manifest.preprocessing).toMatchObject({
      inputSize: { height: 192, width: 192 },
      resizeMode: 'letterbox',
      valueRange: 'uint8',
    });
    // Validated against LiteRT with keypoint metrics (limits in validation/keypoint-metrics.ts).
    const reference = manifest.validation?.references[0];
    expect(reference?.kind).toBe('litert');
    expect(reference?.passed).toBe(true);
    expect(reference?.metrics?.keypointMeanDistance).toBeLessThan(0.2);
    using estimator = await PoseEstimator.load(repository, 'movenet');
    const pose = await estimator.estimate(join(sharedDirectory, 'images', 'squat.bmp'));
    expect(pose.keypoints).toHaveLength(17);
    expect(pose.score).toBeGreaterThan(0.45);
  });

  it("publishes YAMNet as audio-classification with its metadata's labels, 16 kHz and the 0.48 s hop", async () => {
    const result = await convert({ source: sharedModels.yamnet, name: 'yamnet', repository });
    const manifest = await readManifest(result.directory);
    await verifyArtifactFiles(result.directory, manifest);
    expect(manifest.task).toBe('audio-classification');
    expect(manifest.audio).toEqual({ sampleRate: 16000, windowSamples: 15600, hopSamples: 7680 });
    // The graph ends in LOGISTIC: the scores are already probabilities.
    expect(manifest.postprocessing).toMatchObject({ activation: 'none', labelsFile: 'labels.txt', labelOffset: 0 });
    expect(manifest.preprocessing).toBeUndefined();
    // Validated against LiteRT on [-1, 1] noise as a classifier of each window's scores.
    const reference = manifest.validation?.references[0];
    expect(reference?.kind).toBe('litert');
    expect(reference?.metrics?.top1Agreement).toBe(1);
    const labels = (await readFile(join(result.directory, 'labels.txt'), 'utf8')).trim().split('\n');
    expect(labels).toHaveLength(521);
    expect(labels[0]).toBe('Speech');
    expect(labels[520]).toBe('Field recording');
    using classifier = await AudioClassifier.load(repository, 'yamnet');
    const heard = await classifier.classify(join(sharedDirectory, 'audio', 'speech.wav'), { topK: 1 });
    expect(heard.classes[0]?.label).toBe('Speech');
  });
});
