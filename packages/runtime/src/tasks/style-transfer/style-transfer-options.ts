import type { Core } from '../../core.js';
import { ArgumentError } from '../../errors/argument-error.js';
import type { EncodedImageFormat } from '../../image/encode-image.js';
import type { LowPrecisionMode } from '../../precision/cpu-precision.js';
import type { PropertyMap } from '../../properties.js';
import type { TaskLoadOptions } from '../base/task-artifact.js';
import { type CheckedRunOptions, checkTaskRunOptions, type TaskRunOptions } from '../base/task-options.js';
import type { TaskTimings } from '../base/task-timings.js';
import type { StyleValueRange } from './style-transfer-models.js';

/**
 * Manifest `role` of the one-piece form (TF Hub's `magenta/arbitrary-image-stylization-v1-256/2`
 * SavedModel): content image + style image -> stylized image, with no style bottleneck in between.
 */
export const STYLE_ONE_PIECE_ROLE = 'one-piece';
/** Manifest `role` of the style-prediction part (style image -> bottleneck). */
export const STYLE_PREDICTION_ROLE = 'style-prediction';
/** Manifest `role` of the style-transfer part (content image + bottleneck -> stylized image). */
export const STYLE_TRANSFER_ROLE = 'style-transfer';

/**
 * Compile setting applied unless the caller's `config` (or an artifact's `compile.config`) sets
 * `INFERENCE_PRECISION_HINT`: on CPUs with bf16 (AVX512_BF16, AMX) OpenVINO computes in bf16 by
 * default, which moves Magenta's stylized pixels by about 0.045 (of 1) on average from TensorFlow
 * Lite's; in f32 they agree to about 0.002.
 */
export const STYLE_TRANSFER_DEFAULT_CONFIG: Readonly<PropertyMap> = Object.freeze({ INFERENCE_PRECISION_HINT: 'f32' });

/** The two parts of an arbitrary-image-stylization model, by role. */
export interface StyleTransferParts<T> {
  /** Style prediction: style image -> style bottleneck. */
  prediction: T;
  /** Style transfer: content image + style bottleneck -> stylized image. */
  transfer: T;
}

/** Options every way of creating a StyleTransfer accepts. */
export interface StyleTransferRunOptions extends TaskRunOptions {
  /** How many style bottlenecks to remember, keyed by the image's pixels (default 16; 0 turns the cache off). */
  bottleneckCacheSize?: number;
}

/** Options of `StyleTransfer.fromModelFiles`. */
export interface StyleTransferModelFilesOptions extends StyleTransferRunOptions {
  /** Values the image inputs expect (default `float-0-1`, Magenta's). */
  valueRange?: StyleValueRange;
  /** Device (default `CPU`). */
  device?: string;
  /** OpenVINO properties, over {@link STYLE_TRANSFER_DEFAULT_CONFIG}, e.g. `{ PERFORMANCE_HINT: 'LATENCY' }`. */
  config?: PropertyMap;
  /** Low-precision kernels on CPU: `auto` (default; off without VNNI/AMX), `on`, `off` (see `chooseCpuPrecision`). */
  lowPrecision?: LowPrecisionMode;
  /** Core to use; default a new one owned by the StyleTransfer. */
  core?: Core;
}

/** Options of `StyleTransfer.load`. */
export interface StyleTransferLoadOptions extends StyleTransferRunOptions, TaskLoadOptions {
  /** Version of the artifact named by a string `names` (default the latest); companions' versions come from its manifest. */
  version?: number;
}

/** Options of `StyleTransfer.stylize`. */
export interface StylizeOptions {
  /**
   * From 0 to 1 (default 1): blends the style image's bottleneck with the content image's own,
   * `strength * style + (1 - strength) * content`, as TensorFlow's TF Lite example does. Only the
   * two-part form has a bottleneck to blend: the one-piece form (TF Hub's SavedModel) takes 1 only
   * and throws an ArgumentError naming `strength` for any other value.
   */
  strength?: number;
  /** Encoding of the result: `png` (default) or `jpeg`. */
  format?: EncodedImageFormat;
  /** JPEG quality, 1 to 100 (default 90). */
  quality?: number;
}

/**
 * Where the time of one `stylize` call went, in milliseconds: the {@link TaskTimings} every task
 * reports (`preprocess` = `decode`, `infer` = `prediction` + `transfer`, `postprocess` = `encode`)
 * and the same time by step.
 */
export interface StylizeTimings extends TaskTimings {
  /** Decoding both images. */
  decode: number;
  /** Style prediction (the style image and, when strength < 1, the content image); 0 on cache hits. */
  prediction: number;
  /** The style-transfer inference. */
  transfer: number;
  /** Converting, resizing to the content's size and encoding the result. */
  encode: number;
}

/** The result of `StyleTransfer.stylize`. */
export interface StylizedImage {
  /** The encoded image (PNG or JPEG) at the content image's size, shrunk to at most 4 megapixels. */
  image: Buffer;
  format: EncodedImageFormat;
  /** The content image's width and height (after EXIF orientation), shrunk to at most 4 megapixels keeping its aspect ratio. */
  width: number;
  height: number;
  /** MIME type of `image`: `image/png` or `image/jpeg`. */
  mimeType: string;
  timings: StylizeTimings;
}

/** {@link StyleTransferRunOptions} after {@link checkStyleTransferRunOptions}. */
export interface CheckedStyleTransferRunOptions extends CheckedRunOptions {
  cacheSize: number;
}

/**
 * Checks the options every way of creating a StyleTransfer accepts.
 * @throws ArgumentError naming `options`, `maxPixels`, `requests` or `bottleneckCacheSize`.
 */
export function checkStyleTransferRunOptions(options: StyleTransferRunOptions): CheckedStyleTransferRunOptions {
  const run = checkTaskRunOptions(options, '{ requests: 2, bottleneckCacheSize: 16 }');
  const { bottleneckCacheSize } = options;
  if (
    bottleneckCacheSize !== undefined &&
    (!Number.isSafeInteger(bottleneckCacheSize) || bottleneckCacheSize < 0 || bottleneckCacheSize > 10_000)
  ) {
    throw new ArgumentError(
      `'bottleneckCacheSize' must be an integer from 0 (off) to 10000 (got ${String(bottleneckCacheSize)})`,
      { argument: 'bottleneckCacheSize' },
    );
  }
  return { ...run, cacheSize: bottleneckCacheSize ?? 16 };
}

/** @throws ArgumentError naming `modelPaths` unless it is `{ prediction, transfer }` of non-empty paths. */
export function checkModelPaths(modelPaths: unknown): asserts modelPaths is StyleTransferParts<string> {
  const paths = modelPaths as StyleTransferParts<unknown> | null;
  if (
    typeof paths !== 'object' ||
    paths === null ||
    typeof paths.prediction !== 'string' ||
    typeof paths.transfer !== 'string' ||
    paths.prediction === '' ||
    paths.transfer === ''
  ) {
    throw new ArgumentError(
      `'modelPaths' must be { prediction: '<style prediction model file>', transfer: '<style transfer model file>' }`,
      { argument: 'modelPaths' },
    );
  }
}

/** @throws ArgumentError naming `valueRange` unless it is `float-0-1` (the default) or `float-minus1-1`. */
export function checkValueRange(valueRange: unknown): StyleValueRange {
  const range = valueRange ?? 'float-0-1';
  if (range !== 'float-0-1' && range !== 'float-minus1-1') {
    throw new ArgumentError(`'valueRange' must be 'float-0-1' or 'float-minus1-1'`, { argument: 'valueRange' });
  }
  return range;
}
