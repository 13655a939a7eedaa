import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManifestInput } from '../../artifact/manifest.js';
import { writeTestArtifact } from '../../artifact/test-support/write-test-artifact.js';
import { ArgumentError } from '../../errors/argument-error.js';
import { ArtifactCorruptError } from '../../errors/artifact-corrupt-error.js';
import { temporaryDirectory } from '../../test-support/shared-data.js';
import { writeMeanColorIr } from '../../test-support/tiny-ir.js';
import { ImageSegmenter } from '../image-segmentation/image-segmenter.js';
import { ObjectDetector } from './object-detector.js';

// The agreement of both tasks with the TF Lite interpreter on the real models (COCO SSD, DeepLab v3)
// is tested in @hubvino/converter (src/task/detection-segmentation-agreement.integration.test.ts),
// which publishes the artifacts; here: how load() treats artifacts that are not what it needs.

let repository: { path: string; remove: () => Promise<void> };

/** An artifact around the hand-written mean-colour IR (2x2 NHWC f32 -> [1, 3]) with `manifest` on top. */
function artifact(name: string, manifest: Partial<ManifestInput>): Promise<string> {
  return writeTestArtifact(repository.path, name, 1, {
    writeFiles: async (directory) => {
      await writeMeanColorIr(directory);
      await writeFile(join(directory, 'labels.txt'), 'red\ngreen\nblue\n');
    },
    files: ['model.xml', 'model.bin', 'labels.txt'],
    manifest: {
      inputs: [{ name: 'image', shape: [1, 2, 2, 3], elementType: 'f32', layout: 'NHWC' }],
      outputs: [{ name: 'logits', shape: [1, 3], elementType: 'f32' }],
      preprocessing: { inputSize: { height: 2, width: 2 }, valueRange: 'float-0-1' },
      postprocessing: { activation: 'none', labelsFile: 'labels.txt' },
      ...manifest,
    },
  });
}

beforeAll(async () => {
  repository = await temporaryDirectory('hubvino-detector-artifacts-');
  await artifact('classifier', { task: 'image-classification' });
  await artifact('detector-without-section', { task: 'object-detection' });
  await artifact('segmenter-without-section', { task: 'image-segmentation' });
});
afterAll(async () => {
  await repository.remove();
});

describe('ObjectDetector.load and ImageSegmenter.load with artifacts that do not fit', () => {
  it('refuses another task’s artifact with ArgumentError naming it and its task', async () => {
    const detector = ObjectDetector.load(repository.path, 'classifier');
    await expect(detector).rejects.toThrow(ArgumentError);
    await expect(detector).rejects.toThrow(
      /'classifier' version 1 is a image-classification model, not an object detector/,
    );
    await expect(ImageSegmenter.load(repository.path, 'classifier')).rejects.toThrow(/not an image segmenter/);
  });

  it('refuses a manifest without its detection / segmentation section with ArtifactCorruptError', async () => {
    await expect(ObjectDetector.load(repository.path, 'detector-without-section')).rejects.toThrow(
      ArtifactCorruptError,
    );
    await expect(ObjectDetector.load(repository.path, 'detector-without-section')).rejects.toThrow(
      /postprocessing\.detection/,
    );
    await expect(ImageSegmenter.load(repository.path, 'segmenter-without-section')).rejects.toThrow(
      /postprocessing\.segmentation/,
    );
  });

  it('checks run options before touching the artifact', async () => {
    await expect(ObjectDetector.load(repository.path, 'no-such-model', { requests: 0 })).rejects.toThrow(/'requests'/);
    await expect(ImageSegmenter.load(repository.path, 'no-such-model', { maxPixels: -1 })).rejects.toThrow(
      /'maxPixels'/,
    );
  });
});
