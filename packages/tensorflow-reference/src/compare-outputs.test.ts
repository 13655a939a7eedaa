import { HubvinoError } from '@hubvino/runtime';
import { describe, expect, it } from 'vitest';
import { argmax, compareOutputs } from './compare-outputs.js';

describe('argmax', () => {
  it('returns the first index of the largest value, relative to start', () => {
    expect(argmax([1, 5, 3, 5])).toBe(1);
    expect(argmax([9, 1, 7, 2], 1, 4)).toBe(1);
  });

  it('never picks NaN and returns -1 for an empty or all-NaN range', () => {
    expect(argmax([Number.NaN, 2, 1])).toBe(1);
    expect(argmax([])).toBe(-1);
    expect(argmax([Number.NaN, Number.NaN])).toBe(-1);
  });
});

describe('compareOutputs', () => {
  it('reports max and mean absolute difference and per-row top-1', () => {
    const reference = new Float32Array([0, 3, 1, 5, 2, 0]);
    const candidate = new Float32Array([0.5, 2.5, 1, 1, 6, 0]);
    const comparison = compareOutputs(reference, candidate, { classCount: 3 });
    expect(comparison.maxAbsDiff).toBe(4);
    expect(comparison.meanAbsDiff).toBeCloseTo((0.5 + 0.5 + 0 + 4 + 4 + 0) / 6, 6);
    expect(comparison.maxAbsReference).toBe(5);
    expect(comparison.rows).toBe(2);
    expect(comparison.referenceTop1).toEqual([1, 0]);
    expect(comparison.candidateTop1).toEqual([1, 1]);
    expect(comparison.top1Agreement).toBe(0.5);
    expect(comparison.top1Agrees).toBe(false);
  });

  it('treats the whole array as one row by default and agrees with itself', () => {
    const values = [0.1, 0.7, 0.2];
    const comparison = compareOutputs(values, values);
    expect(comparison).toMatchObject({
      maxAbsDiff: 0,
      rows: 1,
      referenceTop1: [1],
      top1Agrees: true,
      top1Agreement: 1,
    });
  });

  it('reports Infinity when only one side is NaN', () => {
    expect(compareOutputs([1, Number.NaN], [1, 2]).maxAbsDiff).toBe(Number.POSITIVE_INFINITY);
  });

  it('rejects outputs of different sizes with ArgumentError naming the candidate', () => {
    try {
      compareOutputs([1, 2, 3], [1, 2]);
      expect.unreachable();
    } catch (error) {
      expect(HubvinoError.isInstance(error)).toBe(true);
      expect((error as HubvinoError).code).toBe('ERR_INVALID_ARGUMENT');
      expect((error as Error).message).toMatch(/reference 3 elements, candidate 2/);
    }
  });

  it('rejects a classCount that does not divide the size', () => {
    expect(() => compareOutputs([1, 2, 3], [1, 2, 3], { classCount: 2 })).toThrow(/classCount/);
  });
});
