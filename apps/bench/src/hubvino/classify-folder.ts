import { HubvinoError } from '@hubvino/runtime/errors';
import type { PreparedModel } from '../models/prepared-model.js';
import type { BenchContext } from '../sections/bench-context.js';

/** hubvino classifying a list of image files, timed per pass. */
export interface HubvinoClassifyMeasurement {
  runtime: string;
  images: number;
  imagesPerSecond: number[];
  /** Top-1 class index per file name. */
  top1: Record<string, number>;
  /** How hubvino resizes (for the agreement note). */
  resize: string;
}

/** Classifies `files` with hubvino's ImageClassifier `repetitions` times (after one warm-up image). */
export async function classifyFolderWithHubvino(
  _context: BenchContext,
  _model: PreparedModel,
  _files: readonly string[],
  _repetitions: number,
): Promise<HubvinoClassifyMeasurement> {
  throw new HubvinoError(
    'ERR_BENCH_UNAVAILABLE',
    'runtime',
    'the ImageClassifier has not landed in @hubvino/runtime yet',
  );
}
