import { describe, expect, it } from 'vitest';
import { sigmoid, softmax } from './softmax.js';

describe('softmax', () => {
  it('matches exp(x) / sum(exp(x)) computed by hand', () => {
    const result = softmax([1, 2, 3]);
    const denominator = Math.E + Math.E ** 2 + Math.E ** 3;
    expect(result[0]).toBeCloseTo(Math.E / denominator, 6);
    expect(result[1]).toBeCloseTo(Math.E ** 2 / denominator, 6);
    expect(result[2]).toBeCloseTo(Math.E ** 3 / denominator, 6);
  });

  it('does not overflow on large logits and sums to 1', () => {
    const result = softmax([1000, 1000, 999]);
    expect(Array.from(result).every(Number.isFinite)).toBe(true);
    expect(result[0]! + result[1]! + result[2]!).toBeCloseTo(1, 6);
    expect(result[0]).toBeCloseTo(result[1]!, 7);
  });

  it('returns an empty array for empty input', () => {
    expect(softmax([]).length).toBe(0);
  });
});

describe('sigmoid', () => {
  it('maps 0 to 0.5 and is symmetric', () => {
    const result = sigmoid([0, 2, -2]);
    expect(result[0]).toBe(0.5);
    expect(result[1]! + result[2]!).toBeCloseTo(1, 6);
  });
});
