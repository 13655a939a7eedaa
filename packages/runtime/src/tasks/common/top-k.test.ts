import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../errors/argument-error.js';
import { topK } from './top-k.js';

describe('topK', () => {
  it('returns the k highest scores, highest first, with their indices', () => {
    expect(topK([0.1, 0.7, 0.05, 0.15], 2)).toEqual([
      { index: 1, score: 0.7 },
      { index: 3, score: 0.15 },
    ]);
  });

  it('keeps the lower index first on ties', () => {
    expect(topK([1, 3, 3, 2, 3], 3).map((entry) => entry.index)).toEqual([1, 2, 4]);
  });

  it('returns every score when k exceeds their number', () => {
    expect(topK([2, 1], 5).map((entry) => entry.index)).toEqual([0, 1]);
  });

  it('ranks NaN last', () => {
    expect(topK([Number.NaN, 1, 0], 3).map((entry) => entry.index)).toEqual([1, 2, 0]);
  });

  it('agrees with a full sort on random scores', () => {
    let seed = 7;
    const scores = Array.from({ length: 1001 }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    });
    const sorted = scores
      .map((score, index) => ({ index, score }))
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, 10);
    expect(topK(scores, 10)).toEqual(sorted);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects k = %s with ArgumentError naming topK', (k) => {
    expect(() => topK([1], k)).toThrow(ArgumentError);
    expect(() => topK([1], k)).toThrow(/'topK'/);
  });
});
