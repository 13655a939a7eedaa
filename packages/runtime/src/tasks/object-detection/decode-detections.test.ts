import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../errors/argument-error.js';
import { boxIou, DEFAULT_SCORE_THRESHOLD, decodeDetections } from './decode-detections.js';

const labels = ['person', 'bicycle', 'car'];
const label = (index: number) => labels[index] ?? `class ${index}`;

// Hand-made outputs in TF Lite's layout: [ymin, xmin, ymax, xmax] relative, best first, count 3 of 4 rows.
const values = {
  boxes: [0.1, 0.2, 0.5, 0.6, -0.05, 0.5, 0.4, 1.2, 0.2, 0.2, 0.3, 0.3, 0.9, 0.9, 1, 1],
  classes: [2, 0, 1, 1],
  scores: [0.9, 0.6, 0.3, 0.95],
  count: 3,
};

describe('decodeDetections', () => {
  it('scales relative boxes to the original image and names the classes', () => {
    const detections = decodeDetections(values, { width: 1000, height: 500 }, label, { scoreThreshold: 0 });
    expect(detections).toEqual([
      { label: 'car', index: 2, score: 0.9, box: { x: 200, y: 50, width: 400, height: 200 } },
      // clamped to the image: ymin -0.05 -> 0, xmax 1.2 -> 1
      { label: 'person', index: 0, score: 0.6, box: { x: 500, y: 0, width: 500, height: 200 } },
      { label: 'bicycle', index: 1, score: 0.3, box: { x: 200, y: 100, width: 100, height: 50 } },
    ]);
  });

  it('ignores rows past the count, and applies scoreThreshold and maxResults', () => {
    expect(decodeDetections(values, { width: 10, height: 10 }, label, { scoreThreshold: 0 })).toHaveLength(3);
    expect(decodeDetections(values, { width: 10, height: 10 }, label).map((d) => d.score)).toEqual(
      [0.9, 0.6].filter((score) => score >= DEFAULT_SCORE_THRESHOLD),
    );
    expect(decodeDetections(values, { width: 10, height: 10 }, label, { scoreThreshold: 0.7 })).toHaveLength(1);
    expect(
      decodeDetections(values, { width: 10, height: 10 }, label, { scoreThreshold: 0, maxResults: 2 }),
    ).toHaveLength(2);
  });

  it('rejects bad options with ArgumentError naming them', () => {
    expect(() => decodeDetections(values, { width: 1, height: 1 }, label, { scoreThreshold: 2 })).toThrow(
      ArgumentError,
    );
    expect(() => decodeDetections(values, { width: 1, height: 1 }, label, { scoreThreshold: Number.NaN })).toThrow(
      /scoreThreshold/,
    );
    expect(() => decodeDetections(values, { width: 1, height: 1 }, label, { maxResults: 0 })).toThrow(/maxResults/);
  });
});

describe('boxIou', () => {
  it('is 1 for equal boxes, 0 for disjoint or empty ones, and the overlap ratio otherwise', () => {
    const box = { x: 0, y: 0, width: 10, height: 10 };
    expect(boxIou(box, box)).toBe(1);
    expect(boxIou(box, { x: 20, y: 0, width: 5, height: 5 })).toBe(0);
    expect(boxIou(box, { x: 0, y: 0, width: 0, height: 10 })).toBe(0);
    expect(boxIou(box, { x: 5, y: 0, width: 10, height: 10 })).toBeCloseTo(50 / 150, 10);
  });
});
