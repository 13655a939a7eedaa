import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../errors/argument-error.js';
import { blendBottlenecks, checkStyleStrength } from './blend-bottlenecks.js';

describe('blendBottlenecks', () => {
  const style = new Float32Array([1, 2, 4]);
  const content = new Float32Array([3, 2, 0]);

  it('returns the style at strength 1, the content at 0 and the weighted mean between', () => {
    expect(Array.from(blendBottlenecks(style, content, 1))).toEqual([1, 2, 4]);
    expect(Array.from(blendBottlenecks(style, content, 0))).toEqual([3, 2, 0]);
    expect(Array.from(blendBottlenecks(style, content, 0.25))).toEqual([2.5, 2, 1]);
  });

  it('rejects a strength outside [0, 1] or not a number with ArgumentError naming strength', () => {
    for (const strength of [-0.01, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '0.5', undefined]) {
      expect(() => checkStyleStrength(strength)).toThrow(ArgumentError);
      expect(() => checkStyleStrength(strength)).toThrow(/'strength' must be a number from 0/);
    }
    expect(() => blendBottlenecks(style, content, 2)).toThrow(expect.objectContaining({ argument: 'strength' }));
  });

  it('rejects bottlenecks of different lengths', () => {
    expect(() => blendBottlenecks(style, new Float32Array(2), 0.5)).toThrow(ArgumentError);
  });
});
