import { describe, expect, it } from 'vitest';
import { keypointMetrics } from './keypoint-metrics.js';

describe('keypointMetrics', () => {
  it('measures distances over confident reference keypoints in units of the input side, and score differences', () => {
    // Two keypoints: a confident one 0.05 away (3-4-5), an unsure one far away (not counted in distances).
    const reference = Float64Array.of(0.5, 0.5, 0.9, 0.1, 0.1, 0.1);
    const ir = Float64Array.of(0.53, 0.54, 0.8, 0.9, 0.9, 0.3);
    const metrics = keypointMetrics(ir, reference);
    expect(metrics.keypointMeanDistance).toBeCloseTo(0.05, 9);
    expect(metrics.keypointMaxDistance).toBeCloseTo(0.05, 9);
    expect(metrics.keypointScoreMeanAbsDiff).toBeCloseTo(0.15, 9);
  });

  it('uses every keypoint when the reference is sure of none, and refuses mismatched outputs', () => {
    const reference = Float64Array.of(0, 0, 0.1, 1, 1, 0.1);
    const ir = Float64Array.of(0, 0.1, 0.1, 1, 1, 0.1);
    expect(keypointMetrics(ir, reference).keypointMaxDistance).toBeCloseTo(0.1, 9);
    expect(keypointMetrics(ir.subarray(0, 3), reference).keypointMaxDistance).toBe(Number.POSITIVE_INFINITY);
  });
});
