import { describe, expect, it } from 'vitest';
import { compareOutputs, detectionMetrics, type OutputPair } from './metrics.js';

/** The four SSD outputs of one side: rows of [ymin, xmin, ymax, xmax], class, score; count. */
function side(rows: [number[], number, number][], capacity = 4) {
  const boxes = new Float64Array(capacity * 4);
  const classes = new Float64Array(capacity);
  const scores = new Float64Array(capacity);
  rows.forEach(([box, label, score], row) => {
    boxes.set(box, row * 4);
    classes[row] = label;
    scores[row] = score;
  });
  return { boxes, classes, scores, count: Float64Array.of(rows.length) };
}

function pairs(ir: ReturnType<typeof side>, reference: ReturnType<typeof side>): OutputPair[] {
  return (['boxes', 'classes', 'scores', 'count'] as const).map((key) => ({
    name: key,
    shape: key === 'boxes' ? [1, 4, 4] : key === 'count' ? [1] : [1, 4],
    ir: ir[key],
    reference: reference[key],
  }));
}

const cat: [number[], number, number] = [[0.1, 0.1, 0.5, 0.5], 16, 0.7];
const dog: [number[], number, number] = [[0.5, 0.5, 0.9, 0.9], 17, 0.6];

describe('detection metrics', () => {
  it('finds every reference detection again when the IR reports the same boxes in another order', () => {
    const result = detectionMetrics(pairs(side([dog, cat]), side([cat, dog])));
    expect(result).toEqual({ detectionRecall: 1, matchedScoreMaxAbsDiff: 0 });
  });

  it('does not match another class or a box that moved away, and measures matched score differences', () => {
    const moved: [number[], number, number] = [[0.6, 0.6, 0.95, 0.95], 16, 0.7];
    expect(detectionMetrics(pairs(side([moved, dog]), side([cat, dog]))).detectionRecall).toBe(0.5);
    const relabelled: [number[], number, number] = [cat[0], 17, 0.7];
    expect(detectionMetrics(pairs(side([relabelled]), side([cat]))).detectionRecall).toBe(0);
    const lower: [number[], number, number] = [cat[0], 16, 0.65];
    expect(detectionMetrics(pairs(side([lower]), side([cat]))).matchedScoreMaxAbsDiff).toBeCloseTo(0.05, 10);
  });

  it('fails a broken IR (nothing found) against the default limits and passes a faithful one', () => {
    expect(compareOutputs(pairs(side([]), side([cat, dog])), { task: 'detection' }).passed).toBe(false);
    expect(compareOutputs(pairs(side([cat, dog]), side([cat, dog])), { task: 'detection' }).passed).toBe(true);
  });
});
