import { basename } from 'node:path';
import { ImageClassifier } from '@hubvino/runtime';
import type { PreparedModel } from '../models/prepared-model.js';

/** hubvino classifying a list of image files, timed per pass. */
export interface HubvinoClassifyMeasurement {
  runtime: string;
  /** `sequential` (one image at a time, like the notebook) or `batch` (`classify(files)`). */
  pattern: 'sequential' | 'batch';
  hint: 'LATENCY' | 'THROUGHPUT';
  requests: number;
  images: number;
  imagesPerSecond: number[];
  /** Top-1 class index per file name (last pass). */
  top1: Record<string, number>;
  /** How hubvino resizes (for the agreement note). */
  resize: string;
}

/**
 * Classifies `files` with hubvino's ImageClassifier loaded from the converter's artifact (decode with
 * sharp, resize and scale inside the OpenVINO model as the manifest says, infer, top 5) `repetitions` times after one warm-up image.
 * - `sequential`: `await classifier.classify(file)` one after the other, LATENCY hint (the notebook's pattern);
 * - `batch`: `await classifier.classify(files)`, THROUGHPUT hint (decodes overlap inferences on several requests).
 */
export async function classifyFolderWithHubvino(
  model: PreparedModel,
  files: readonly string[],
  repetitions: number,
  pattern: 'sequential' | 'batch',
): Promise<HubvinoClassifyMeasurement> {
  const hint = pattern === 'sequential' ? 'LATENCY' : 'THROUGHPUT';
  using classifier = await ImageClassifier.load(model.artifact.repository, model.artifact.name, {
    version: model.artifact.version,
    config: { PERFORMANCE_HINT: hint },
  });
  await classifier.classify(files[0]!, { topK: 5 });
  const imagesPerSecond: number[] = [];
  const top1: Record<string, number> = {};
  for (let pass = 0; pass < repetitions; pass += 1) {
    const started = performance.now();
    if (pattern === 'sequential') {
      for (const file of files) {
        const { classes: top5 } = await classifier.classify(file, { topK: 5 });
        top1[basename(file)] = top5[0]!.index;
      }
    } else {
      const results = await classifier.classify(files, { topK: 5 });
      results.forEach(({ classes: top5 }, index) => {
        top1[basename(files[index]!)] = top5[0]!.index;
      });
    }
    imagesPerSecond.push(files.length / ((performance.now() - started) / 1000));
  }
  return {
    runtime: 'hubvino ImageClassifier',
    pattern,
    hint,
    requests: classifier.requests,
    images: files.length,
    imagesPerSecond,
    top1,
    resize: 'sharp decode + OpenVINO bilinear resize (stretch)',
  };
}
