import { describe, expect, it } from 'vitest';
import { compare, meets, ratio, targets } from './comparison.js';
import { median, quantile, summarize } from './summarize.js';

describe('median and quantile', () => {
  it('takes the middle value of an odd count and the mean of the two middle values of an even count', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('interpolates quantiles between ranks', () => {
    expect(quantile([10, 20, 30, 40, 50], 0.9)).toBeCloseTo(46, 10);
    expect(quantile([7], 0.9)).toBe(7);
  });

  it('rejects empty samples and fractions outside 0..1 with RangeError', () => {
    expect(() => median([])).toThrow(RangeError);
    expect(() => quantile([1], 1.5)).toThrow(/'fraction'/);
  });

  it('summarizes count, mean, min and max without modifying the input', () => {
    const samples = [3, 1, 2];
    expect(summarize(samples)).toEqual({ count: 3, median: 2, mean: 2, min: 1, max: 3, p90: 2.8 });
    expect(samples).toEqual([3, 1, 2]);
  });
});

describe('ratios and targets', () => {
  it('divides hubvino by the reference and rounds to 3 decimals', () => {
    expect(ratio(4.2, 4)).toBe(1.05);
    expect(ratio(1, 3)).toBe(0.333);
  });

  it('has no ratio when a side is missing or the reference is zero', () => {
    expect(ratio(undefined, 4)).toBeUndefined();
    expect(ratio(4, undefined)).toBeUndefined();
    expect(ratio(4, 0)).toBeUndefined();
  });

  it('meets a "<=" latency target at exactly the limit and misses above it', () => {
    expect(meets(1.05, targets.latency)).toBe(true);
    expect(meets(1.051, targets.latency)).toBe(false);
  });

  it('meets a ">=" throughput target at or above the limit only', () => {
    expect(compare(100, 100, 'higher', targets.throughput).meetsTarget).toBe(true);
    expect(compare(99, 100, 'higher', targets.throughput).meetsTarget).toBe(false);
  });

  it('holds end to end to 1.2x Python one image at a time and 1.5x with classify(files)', () => {
    expect(compare(120, 100, 'higher', targets.endToEnd).meetsTarget).toBe(true);
    expect(compare(119, 100, 'higher', targets.endToEnd).meetsTarget).toBe(false);
    expect(compare(150, 100, 'higher', targets.endToEndBatch).meetsTarget).toBe(true);
    expect(compare(149, 100, 'higher', targets.endToEndBatch).meetsTarget).toBe(false);
  });

  it('reports the TensorFlow target as hubvino at least three times TensorFlow', () => {
    expect(compare(300, 100, 'higher', targets.tensorflowThroughput).meetsTarget).toBe(true);
    expect(compare(299, 100, 'higher', targets.tensorflowThroughput).meetsTarget).toBe(false);
  });

  it('leaves meetsTarget undefined without a target or without a ratio', () => {
    expect(compare(1, 2, 'lower').meetsTarget).toBeUndefined();
    expect(compare(undefined, 2, 'lower', targets.latency)).toMatchObject({ ratio: undefined, meetsTarget: undefined });
  });
});
