import type { Core } from '../../core.js';
import { ArgumentError } from '../../errors/argument-error.js';
import type { LowPrecisionMode } from '../../precision/cpu-precision.js';
import type { PropertyMap } from '../../properties.js';
import type { TaskLoadOptions } from '../base/task-artifact.js';
import type { TaskRunOptions } from '../base/task-options.js';
import type { ImagePreprocessing } from '../common/image-preprocessing.js';
import { readLabelsFile } from '../common/labels.js';
import type { ScorePostprocessing } from './classification-scores.js';

/** How a classifier's output becomes ranked classes. */
export interface ClassifierPostprocessing extends ScorePostprocessing {
  /** Index of the first real class (1 when output 0 is TF Hub's "background"); see `createLabelLookup`. */
  labelOffset?: number;
}

/** Options every way of creating an ImageClassifier accepts. */
export interface ImageClassifierRunOptions extends TaskRunOptions {}

/** Options of `ImageClassifier.fromModelFile`. */
export interface ImageClassifierModelFileOptions extends ImageClassifierRunOptions {
  /** How images become the model's input. Required: a model file does not say. */
  preprocessing: ImagePreprocessing;
  /** How the output becomes scores. Required: a model file does not say. */
  postprocessing: ClassifierPostprocessing;
  /** Class names in output order, or the path of a labels file (one per line). */
  labels?: readonly string[] | string;
  /** Device (default `CPU`). */
  device?: string;
  /** OpenVINO properties, e.g. `{ PERFORMANCE_HINT: 'THROUGHPUT' }`. */
  config?: PropertyMap;
  /** Low-precision kernels on CPU: `auto` (default; off without VNNI/AMX), `on`, `off` (see `chooseCpuPrecision`). */
  lowPrecision?: LowPrecisionMode;
  /** Core to use; default a new one owned by the classifier. */
  core?: Core;
}

/** Options of `ImageClassifier.load`. */
export interface ImageClassifierLoadOptions extends ImageClassifierRunOptions, TaskLoadOptions {}

/** Options of `ImageClassifier.classify`. */
export interface ClassifyOptions {
  /** How many classes to return, best first (default 5). */
  topK?: number;
}

/** @throws ArgumentError naming `postprocessing` unless it is `{ activation: 'softmax' | 'sigmoid' | 'none', ... }`. */
export function checkPostprocessing(value: unknown): asserts value is ClassifierPostprocessing {
  const activations = ['softmax', 'sigmoid', 'none'];
  if (
    typeof value !== 'object' ||
    value === null ||
    !activations.includes((value as ClassifierPostprocessing).activation)
  ) {
    throw new ArgumentError(
      `'postprocessing' must be an object with activation 'softmax' (the model returns logits), 'sigmoid' or 'none' (it returns probabilities)`,
      { argument: 'postprocessing' },
    );
  }
}

/**
 * The `labels` option: an array of strings, or the path of a labels file (read here).
 * @throws ArgumentError naming `labels`.
 */
export async function resolveLabelsOption(labels: unknown): Promise<readonly string[] | undefined> {
  if (labels === undefined) return undefined;
  if (typeof labels === 'string') return readLabelsFile(labels);
  if (!Array.isArray(labels) || !labels.every((label) => typeof label === 'string')) {
    throw new ArgumentError(`'labels' must be an array of strings or the path of a labels file`, {
      argument: 'labels',
    });
  }
  return labels;
}
