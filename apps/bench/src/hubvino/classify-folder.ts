import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HubvinoError, ImageClassifier } from '@hubvino/runtime';
import type { PreparedModel } from '../models/prepared-model.js';
import { runCommand } from '../process/run-command.js';

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
  /** How hubvino decodes and resizes (for the agreement note). */
  resize: string;
  /** Which decoder took the JPEGs: the native helper's libjpeg decoder, or sharp. */
  decoder: JpegDecoderChoice;
}

/**
 * `native`: decodeImage's default, the optional native helper's libjpeg decoder for plain JPEGs (when
 * the helper is built with it); `sharp`: every image through sharp (`HUBVINO_NATIVE_JPEG=0`).
 */
export type JpegDecoderChoice = 'native' | 'sharp';

/** What a classify probe measures: `files` classified with the artifact `repetitions` times. */
export interface ClassifyProbeJob {
  artifact: PreparedModel['artifact'];
  files: readonly string[];
  repetitions: number;
  pattern: 'sequential' | 'batch';
  decoder: JpegDecoderChoice;
}

const probe = join(dirname(fileURLToPath(import.meta.url)), 'classify-probe.js');

/**
 * Classifies `files` with hubvino's ImageClassifier in a fresh Node process (`classify-probe.js`), as
 * the Python side runs in its own: the bench's own process has done other work by then (its heap,
 * earlier sections' native state), which is not what a program classifying images starts from.
 */
export async function classifyFolderWithHubvino(
  model: PreparedModel,
  files: readonly string[],
  repetitions: number,
  pattern: 'sequential' | 'batch',
  decoder: JpegDecoderChoice = 'native',
): Promise<HubvinoClassifyMeasurement> {
  const job: ClassifyProbeJob = { artifact: model.artifact, files, repetitions, pattern, decoder };
  const environment = { ...process.env };
  if (decoder === 'sharp') environment.HUBVINO_NATIVE_JPEG = '0';
  else delete environment.HUBVINO_NATIVE_JPEG;
  const result = await runCommand(process.execPath, [probe, JSON.stringify(job)], { environment });
  if (result.exitCode !== 0) {
    throw new HubvinoError(
      `the classify probe failed (exit ${result.exitCode}): ${result.stderr.trim().split('\n').slice(-4).join('\n')}`,
      { code: 'ERR_BENCH_CLASSIFY_PROBE', category: 'runtime' },
    );
  }
  return JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as HubvinoClassifyMeasurement;
}

/**
 * Classifies `files` with hubvino's ImageClassifier loaded from the converter's artifact (decode with
 * the native helper's libjpeg decoder or sharp, as the process environment says, resize and scale inside the OpenVINO model as the manifest says, infer, top 5) `repetitions`
 * times after one warm-up image, in this process.
 * - `sequential`: `await classifier.classify(file)` one after the other, LATENCY hint (the notebook's pattern);
 * - `batch`: `await classifier.classify(files)`, THROUGHPUT hint (decodes overlap inferences on several requests).
 */
export async function classifyFiles(job: ClassifyProbeJob): Promise<HubvinoClassifyMeasurement> {
  const { artifact, files, repetitions, pattern, decoder } = job;
  const hint = pattern === 'sequential' ? 'LATENCY' : 'THROUGHPUT';
  using classifier = await ImageClassifier.load(artifact.repository, artifact.name, {
    version: artifact.version,
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
    resize: `${decoder === 'native' ? "libjpeg decode (hubvino's native helper, sharp for other images)" : 'sharp decode'} + OpenVINO bilinear resize (stretch)`,
    decoder,
  };
}
