import { softmax } from '@hubvino/runtime/task-support';

/**
 * Task-aware comparison of an IR's outputs with a reference's. Every comparison records the raw
 * measures (max |diff|, max |diff| relative to the reference's value range, relative L2); what
 * passes is judged on the task's own terms:
 *
 * - `classification` ([N, classes] output): the scores a user sees (after the artifact's activation)
 *   — top-1 agreement (a swap between two classes whose reference scores are within
 *   {@link TOP1_TIE_TOLERANCE} counts as a tie), top-5 overlap, max |score diff|; raw measures recorded.
 * - `segmentation` ([1, H, W, classes]): the fraction of pixels whose class (argmax) differs; the TF
 *   Lite Task Library accepts < 1% of pixels against its golden masks — plus relative L2 of the logits,
 *   loosely, since FP16 weights move logits (DeepLab: max |diff| 0.09) far more than classes.
 * - `detection` (TF Lite's SSD post-processing outputs: boxes, classes, scores, count): the fraction
 *   of the reference's detections that the IR finds too (same class, box IoU >= {@link DETECTION_MATCH_IOU},
 *   one-to-one, best score first) and the largest score difference of the matched ones.
 * - `image` (style transfer) and `generic`: relative L2 and range-normalised max error.
 */
export type MetricTask = 'classification' | 'segmentation' | 'detection' | 'image' | 'generic';

export type MetricLimits = Record<string, number>;

/**
 * Default limits. Measured (BENCHMARKS.md "Validation metrics") on every ../shared model except the
 * SSD detector, FP16 weights, seeded random input, against LiteRT 2.3.0, on four paths: this Xeon's
 * default (bf16 + u8 with AMX/VNNI), low precision off (bf16), and the saturating-int8 CPU class
 * emulated with ONEDNN_MAX_CPU_ISA=AVX2 (f32) with low precision on and off. Worst accurate path →
 * limit (broken path, where one exists):
 * - classification: scoreMaxAbsDiff 0.094 (Coral TF2 MobileNetV2, bf16) → 0.15; top-5 overlap 0.8 → 0.6
 *   (random input: near-ties among the top 5); top-1 always agreed → 1, with swaps between classes
 *   whose reference scores are within {@link TOP1_TIE_TOLERANCE} counted as ties.
 * - segmentation: pixelClassMismatch 0 (DeepLab v3) → 0.01 (the TF Lite Task Library's golden-mask
 *   tolerance); relativeL2 0.012 → 0.1 (so a damaged IR is refused even where classes agree).
 * - image (style transfer): relativeL2 0.026 (transfer part, u8) → 0.06 (broken: saturating u8 0.112
 *   transfer, 0.237 prediction); rangeNormalizedMaxError 0.179 → 0.35 (broken 0.43).
 * - generic: relativeL2 0.176 / rangeNormalizedMaxError 0.351 (MoveNet int8 on noise: its keypoint
 *   heatmaps have no clear peak) → 0.35 / 0.7. Loose by necessity; tasks with their own terms are strict.
 */
export const DEFAULT_METRIC_LIMITS: Readonly<Record<MetricTask, Readonly<MetricLimits>>> = Object.freeze({
  classification: Object.freeze({ top1Agreement: 1, top5Overlap: 0.6, scoreMaxAbsDiff: 0.15 }),
  segmentation: Object.freeze({ pixelClassMismatch: 0.01, relativeL2: 0.1 }),
  // Measured (COCO SSD uint8, FP16 weights, seeded noise, against LiteRT 2.3.0) on the four paths
  // above: recall 1 / 0.9 / 1 / 1 (low precision off on this Xeon: one near-tie among the
  // lowest-scoring rows resolved the other way), matched score diff at most 0.0156 (4 steps of the
  // scores' 1/256 quantization) -> 0.7 and 0.06. A broken decoding (anchors, scales) finds ~nothing.
  detection: Object.freeze({ detectionRecall: 0.7, matchedScoreMaxAbsDiff: 0.06 }),
  image: Object.freeze({ relativeL2: 0.06, rangeNormalizedMaxError: 0.35 }),
  generic: Object.freeze({ relativeL2: 0.35, rangeNormalizedMaxError: 0.7 }),
});

/** Top-1 "agrees" when the classes differ but the reference scores them within this (probability). */
export const TOP1_TIE_TOLERANCE = 0.05;

/** Metrics where bigger is better (limit is a minimum). */
const AT_LEAST = new Set(['top1Agreement', 'top5Overlap', 'detectionRecall']);

/** Box IoU at which two detections of the same class count as the same detection. */
export const DETECTION_MATCH_IOU = 0.5;

/** One output of each side, as real values (dequantized), with what the task needs. */
export interface OutputPair {
  name: string;
  shape: number[];
  ir: Float64Array;
  reference: Float64Array;
}

export interface MetricOptions {
  task: MetricTask;
  /** Classification: the activation the runtime applies before showing scores. */
  activation?: 'softmax' | 'sigmoid' | 'none';
  /** Over the defaults of the task. */
  limits?: MetricLimits;
}

export interface MetricResult {
  metrics: Record<string, number>;
  limits: MetricLimits;
  passed: boolean;
  /** One sentence per failed limit. */
  failures: string[];
}

export function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let index = 0; index < a.length; index += 1) {
    const x = a[index] as number;
    const y = b[index] as number;
    if (Number.isNaN(x) !== Number.isNaN(y)) return Number.POSITIVE_INFINITY;
    const diff = Math.abs(x - y);
    if (diff > worst) worst = diff;
  }
  return worst;
}

function range(values: Float64Array): number {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return max > min ? max - min : Math.max(Math.abs(max), 1e-12);
}

export function relativeL2(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let diff = 0;
  let norm = 0;
  for (let index = 0; index < a.length; index += 1) {
    const d = (a[index] as number) - (b[index] as number);
    diff += d * d;
    norm += (b[index] as number) ** 2;
  }
  return norm > 0 ? Math.sqrt(diff / norm) : Math.sqrt(diff);
}

function argmaxRows(values: Float64Array, classes: number): Int32Array {
  const rows = Math.floor(values.length / classes);
  const result = new Int32Array(rows);
  for (let row = 0; row < rows; row += 1) {
    let best = 0;
    for (let column = 1; column < classes; column += 1) {
      if ((values[row * classes + column] as number) > (values[row * classes + best] as number)) best = column;
    }
    result[row] = best;
  }
  return result;
}

function topIndices(row: Float64Array, k: number): number[] {
  return Array.from(row.keys())
    .sort((a, b) => (row[b] as number) - (row[a] as number))
    .slice(0, k);
}

function scores(values: Float64Array, classes: number, activation: MetricOptions['activation']): Float64Array {
  if (activation === 'softmax') {
    const result = new Float64Array(values.length);
    for (let row = 0; row < values.length / classes; row += 1) {
      result.set(softmax(values.subarray(row * classes, (row + 1) * classes)), row * classes);
    }
    return result;
  }
  if (activation === 'sigmoid') return values.map((value) => 1 / (1 + Math.exp(-value)));
  return values;
}

function classificationMetrics(pair: OutputPair, activation: MetricOptions['activation'], tie: number) {
  const classes = pair.shape.at(-1) ?? 1;
  const ir = scores(pair.ir, classes, activation);
  const reference = scores(pair.reference, classes, activation);
  const rows = Math.floor(ir.length / classes);
  let agree = 0;
  let overlap = 0;
  for (let row = 0; row < rows; row += 1) {
    const a = ir.subarray(row * classes, (row + 1) * classes);
    const b = reference.subarray(row * classes, (row + 1) * classes);
    const topA = topIndices(a, 5);
    const topB = topIndices(b, 5);
    const irTop = topA[0] as number;
    const referenceTop = topB[0] as number;
    if (irTop === referenceTop || (b[referenceTop] as number) - (b[irTop] as number) <= tie) agree += 1;
    overlap += topB.filter((index) => topA.includes(index)).length / topB.length;
  }
  return {
    top1Agreement: rows > 0 ? agree / rows : 1,
    top5Overlap: rows > 0 ? overlap / rows : 1,
    scoreMaxAbsDiff: maxAbsDiff(ir, reference),
  };
}

function segmentationMetrics(pair: OutputPair) {
  const classes = pair.shape.at(-1) ?? 1;
  const a = argmaxRows(pair.ir, classes);
  const b = argmaxRows(pair.reference, classes);
  let differ = 0;
  for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index]) differ += 1;
  return { pixelClassMismatch: a.length > 0 ? differ / a.length : 0 };
}

interface CornerBox {
  ymin: number;
  xmin: number;
  ymax: number;
  xmax: number;
}

function cornerIou(a: CornerBox, b: CornerBox): number {
  const areaA = (a.ymax - a.ymin) * (a.xmax - a.xmin);
  const areaB = (b.ymax - b.ymin) * (b.xmax - b.xmin);
  if (areaA <= 0 || areaB <= 0) return 0;
  const height = Math.min(a.ymax, b.ymax) - Math.max(a.ymin, b.ymin);
  const width = Math.min(a.xmax, b.xmax) - Math.max(a.xmin, b.xmin);
  if (height <= 0 || width <= 0) return 0;
  return (height * width) / (areaA + areaB - height * width);
}

function detectionsOf(boxes: Float64Array, classes: Float64Array, scores: Float64Array, count: number) {
  const rows = Math.min(Math.max(0, Math.floor(count)), scores.length, classes.length);
  return Array.from({ length: rows }, (_, row) => ({
    label: classes[row] as number,
    score: scores[row] as number,
    box: {
      ymin: boxes[row * 4] as number,
      xmin: boxes[row * 4 + 1] as number,
      ymax: boxes[row * 4 + 2] as number,
      xmax: boxes[row * 4 + 3] as number,
    },
  }));
}

/**
 * Detection agreement over the four SSD post-processing outputs (boxes, classes, scores, count):
 * each reference detection, best first, takes the unmatched IR detection of its class with the
 * highest IoU (at least {@link DETECTION_MATCH_IOU}).
 */
export function detectionMetrics(pairs: readonly OutputPair[]): {
  detectionRecall: number;
  matchedScoreMaxAbsDiff: number;
} {
  const [boxes, classes, scores, count] = pairs;
  if (!boxes || !classes || !scores || !count)
    return { detectionRecall: 0, matchedScoreMaxAbsDiff: Number.POSITIVE_INFINITY };
  const ir = detectionsOf(boxes.ir, classes.ir, scores.ir, count.ir[0] ?? 0);
  const reference = detectionsOf(boxes.reference, classes.reference, scores.reference, count.reference[0] ?? 0);
  const used = new Set<number>();
  let matched = 0;
  let scoreDiff = 0;
  for (const detection of [...reference].sort((a, b) => b.score - a.score)) {
    let best = -1;
    let bestIou = DETECTION_MATCH_IOU;
    ir.forEach((candidate, index) => {
      if (used.has(index) || candidate.label !== detection.label) return;
      const iou = cornerIou(candidate.box, detection.box);
      if (iou >= bestIou) {
        bestIou = iou;
        best = index;
      }
    });
    if (best < 0) continue;
    used.add(best);
    matched += 1;
    scoreDiff = Math.max(scoreDiff, Math.abs((ir[best]?.score as number) - detection.score));
  }
  return {
    detectionRecall: reference.length > 0 ? matched / reference.length : ir.length === 0 ? 1 : 0,
    matchedScoreMaxAbsDiff: scoreDiff,
  };
}

/**
 * Compares every output pair on the task's terms. Outputs other than the first are compared as
 * `generic`. Lengths that differ fail every metric (Infinity).
 */
export function compareOutputs(pairs: readonly OutputPair[], options: MetricOptions): MetricResult {
  const limits: MetricLimits = { ...DEFAULT_METRIC_LIMITS[options.task], ...(options.limits ?? {}) };
  const metrics: Record<string, number> = {};
  const worst = (name: string, value: number, higherIsBetter = false) => {
    const current = metrics[name];
    if (current === undefined || (higherIsBetter ? value < current : value > current)) metrics[name] = value;
  };
  pairs.forEach((pair, index) => {
    const same = pair.ir.length === pair.reference.length;
    const absolute = maxAbsDiff(pair.ir, pair.reference);
    worst('maxAbsDiff', absolute);
    worst('rangeNormalizedMaxError', same ? absolute / range(pair.reference) : Number.POSITIVE_INFINITY);
    worst('relativeL2', relativeL2(pair.ir, pair.reference));
    if (index !== 0 || !same) return;
    if (options.task === 'classification') {
      const result = classificationMetrics(pair, options.activation, TOP1_TIE_TOLERANCE);
      worst('top1Agreement', result.top1Agreement, true);
      worst('top5Overlap', result.top5Overlap, true);
      worst('scoreMaxAbsDiff', result.scoreMaxAbsDiff);
    } else if (options.task === 'segmentation') {
      worst('pixelClassMismatch', segmentationMetrics(pair).pixelClassMismatch);
    }
  });
  if (options.task === 'detection' && pairs.every((pair) => pair.ir.length === pair.reference.length)) {
    const result = detectionMetrics(pairs);
    worst('detectionRecall', result.detectionRecall, true);
    worst('matchedScoreMaxAbsDiff', result.matchedScoreMaxAbsDiff);
  }
  if (pairs.some((pair) => pair.ir.length !== pair.reference.length)) {
    for (const name of Object.keys(limits)) metrics[name] = AT_LEAST.has(name) ? 0 : Number.POSITIVE_INFINITY;
  }
  const failures: string[] = [];
  for (const [name, limit] of Object.entries(limits)) {
    const value = metrics[name];
    if (value === undefined) continue;
    const ok = AT_LEAST.has(name) ? value >= limit : value <= limit;
    if (!ok) failures.push(`${name} ${formatMetric(value)} ${AT_LEAST.has(name) ? '<' : '>'} limit ${limit}`);
  }
  return { metrics, limits, passed: failures.length === 0, failures };
}

export function formatMetric(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value === 0 || (Math.abs(value) >= 1e-3 && Math.abs(value) < 1e4)
    ? String(Number(value.toPrecision(4)))
    : value.toExponential(3);
}

/** The finite form of metrics for the manifest (JSON has no Infinity). */
export function finiteMetrics(metrics: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(metrics).map(([name, value]) => [name, Number.isFinite(value) ? value : Number.MAX_VALUE]),
  );
}
