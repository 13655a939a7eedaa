import { describe, expect, it } from 'vitest';
import { agreementLossPoints, classAgreement, confidentSamples, pickRows } from './class-agreement.js';

describe('classAgreement', () => {
  it('counts top-1 matches and top-1 within the reference top-5 per sample', () => {
    // 3 samples x 6 classes.
    const reference = [
      [0, 9, 1, 2, 3, 4], // top-1 1, top-5 {1,5,4,3,2}
      [5, 1, 0, 0, 0, 0], // top-1 0
      [0, 1, 2, 3, 4, 5], // top-1 5, top-5 {5,4,3,2,1}
    ].flat();
    const candidate = [
      [0, 9, 1, 2, 3, 4], // same top-1
      [1, 5, 0, 0, 0, 0], // top-1 1: within the reference's top 5 (0,1 and ties)
      [9, 1, 2, 3, 4, 5], // top-1 0: not in the reference's top 5
    ].flat();
    const result = classAgreement(candidate, reference, 6);
    expect(result.samples).toBe(3);
    expect(result.top1Agreement).toBeCloseTo(1 / 3);
    expect(result.top5Agreement).toBeCloseTo(2 / 3);
  });

  it('rejects scores that do not make whole rows', () => {
    expect(() => classAgreement([1, 2, 3], [1, 2, 3], 2)).toThrow(RangeError);
    expect(() => classAgreement([1, 2], [1, 2, 3, 4], 2)).toThrow(/do not make whole rows/);
  });

  it('measures the loss in percentage points against a baseline, never negative', () => {
    const baseline = { samples: 200, top1Agreement: 1, top5Agreement: 1 };
    expect(agreementLossPoints(baseline, { samples: 200, top1Agreement: 0.985, top5Agreement: 1 })).toBeCloseTo(1.5);
    expect(agreementLossPoints({ ...baseline, top1Agreement: 0.99 }, baseline)).toBe(0);
  });
});

describe('confidentSamples and pickRows', () => {
  it('keeps the rows whose top probability reaches the threshold, in order', () => {
    const probabilities = [0.5, 0.3, 0.2, 0.1, 0.2, 0.7, 0.34, 0.33, 0.33];
    expect(confidentSamples(probabilities, 3, 0.5)).toEqual([0, 1]);
    expect(Array.from(pickRows(probabilities, 3, [1]))).toEqual([0.1, 0.2, 0.7].map(Math.fround));
  });
});
