import { describe, expect, it } from 'vitest';
import { unitRangeToBytes } from './unit-range-to-bytes.js';

describe('unitRangeToBytes', () => {
  it('rounds 255 * x and clamps values outside [0, 1] and NaN', () => {
    const bytes = unitRangeToBytes(new Float32Array([0, 1, 0.5, 0.001, -0.2, 1.7, Number.NaN, 2 / 255]));
    expect(Array.from(bytes)).toEqual([0, 255, 128, 0, 0, 255, 0, 2]);
  });
});
