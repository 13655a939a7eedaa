import { ArgumentError } from '../../errors/argument-error.js';
import { checkOptionsObject } from '../base/task-options.js';
import type { Detection } from './detection.js';

/**
 * The four outputs of TF Lite's SSD post-processing (`TFLite_Detection_PostProcess`), as the IR
 * returns them: boxes `[1, D, 4]` as `[ymin, xmin, ymax, xmax]` relative to the model input (0..1),
 * class indices `[1, D]`, scores `[1, D]` (best first) and the number of valid rows `[1]`.
 */
export interface DetectionOutputValues {
  boxes: ArrayLike<number>;
  classes: ArrayLike<number>;
  scores: ArrayLike<number>;
  count: number;
}

/** Options of {@link decodeDetections} (and `ObjectDetector.detect`). */
export interface DetectOptions {
  /**
   * Keep detections scoring at least this much (0..1). Default {@link DEFAULT_SCORE_THRESHOLD}.
   */
  scoreThreshold?: number;
  /** Return at most this many detections, best first (default: all the model reports). */
  maxResults?: number;
}

/**
 * Default score threshold: 0.4. The COCO SSD detector (uint8) scores in steps of 1/256 and rarely
 * above 0.8; at 0.5 it drops the dog of the TF Lite Task Library's cats_and_dogs.jpg (0.49 in TF Lite).
 */
export const DEFAULT_SCORE_THRESHOLD = 0.4;

/** Validates {@link DetectOptions} at the public edge. */
export function checkDetectOptions(options: unknown): { scoreThreshold: number; maxResults: number | undefined } {
  if (options === undefined) return { scoreThreshold: DEFAULT_SCORE_THRESHOLD, maxResults: undefined };
  checkOptionsObject(options, '{ scoreThreshold: 0.5, maxResults: 5 }');
  const { scoreThreshold = DEFAULT_SCORE_THRESHOLD, maxResults } = options as DetectOptions;
  if (typeof scoreThreshold !== 'number' || !(scoreThreshold >= 0 && scoreThreshold <= 1)) {
    throw new ArgumentError(`'scoreThreshold' must be a number from 0 to 1 (got ${JSON.stringify(scoreThreshold)})`, {
      argument: 'scoreThreshold',
    });
  }
  if (maxResults !== undefined && (!Number.isSafeInteger(maxResults) || maxResults < 1)) {
    throw new ArgumentError(`'maxResults' must be a positive integer (got ${JSON.stringify(maxResults)})`, {
      argument: 'maxResults',
    });
  }
  return { scoreThreshold, maxResults };
}

function clamp(value: number): number {
  return Math.min(Math.max(value, 0), 1);
}

/**
 * Turns the post-processing outputs into detections in the original image's pixels: rows past the
 * count and below `scoreThreshold` are dropped, boxes are clamped to the image and scaled to
 * `imageSize` (the model saw the whole image stretched to its input, so relative coordinates map
 * straight back), rounded to whole pixels like the TF Lite Task Library's `BoundingBox`. Best first;
 * at most `maxResults`.
 */
export function decodeDetections(
  values: DetectionOutputValues,
  imageSize: { width: number; height: number },
  label: (index: number) => string,
  options: DetectOptions = {},
): Detection[] {
  const { scoreThreshold, maxResults } = checkDetectOptions(options);
  const rows = Math.min(Math.max(0, Math.floor(values.count)), values.scores.length, values.classes.length);
  const detections: Detection[] = [];
  for (let row = 0; row < rows; row += 1) {
    const score = values.scores[row] as number;
    if (!(score >= scoreThreshold)) continue;
    const ymin = clamp(values.boxes[row * 4] as number);
    const xmin = clamp(values.boxes[row * 4 + 1] as number);
    const ymax = clamp(values.boxes[row * 4 + 2] as number);
    const xmax = clamp(values.boxes[row * 4 + 3] as number);
    const left = Math.round(xmin * imageSize.width);
    const top = Math.round(ymin * imageSize.height);
    const right = Math.round(xmax * imageSize.width);
    const bottom = Math.round(ymax * imageSize.height);
    const index = Math.round(values.classes[row] as number);
    detections.push({
      label: label(index),
      index,
      score,
      box: { x: left, y: top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) },
    });
  }
  // The model reports best first; a stable sort keeps its order among equal scores.
  detections.sort((a, b) => b.score - a.score);
  return maxResults === undefined ? detections : detections.slice(0, maxResults);
}

/** Intersection over union of two boxes (0 when either is empty). */
export function boxIou(
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
): number {
  const areaA = a.width * a.height;
  const areaB = b.width * b.height;
  if (areaA <= 0 || areaB <= 0) return 0;
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (width <= 0 || height <= 0) return 0;
  const intersection = width * height;
  return intersection / (areaA + areaB - intersection);
}
