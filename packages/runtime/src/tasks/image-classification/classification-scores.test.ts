import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../errors/argument-error.js';
import { classificationScores, halfToFloat, resolveDequantization } from './classification-scores.js';

describe('resolveDequantization', () => {
  it('needs nothing for float outputs', () => {
    expect(resolveDequantization('f32', { activation: 'softmax' })).toBeUndefined();
  });

  it('uses the manifest parameters for u8 outputs', () => {
    expect(
      resolveDequantization('u8', { activation: 'softmax', dequantization: { scale: 0.1, zeroPoint: 58 } }),
    ).toEqual({
      scale: 0.1,
      zeroPoint: 58,
    });
  });

  it('falls back to q / 256 for u8 probabilities without parameters', () => {
    expect(resolveDequantization('u8', { activation: 'none' })).toEqual({ scale: 1 / 256, zeroPoint: 0 });
  });

  it('refuses quantized logits without parameters, naming postprocessing.dequantization', () => {
    expect(() => resolveDequantization('u8', { activation: 'softmax' })).toThrow(ArgumentError);
    expect(() => resolveDequantization('u8', { activation: 'softmax' })).toThrow(/postprocessing\.dequantization/);
  });

  it('refuses integer outputs that are not u8/i8', () => {
    expect(() => resolveDequantization('i64', { activation: 'none' })).toThrow(/i64/);
  });
});

describe('classificationScores', () => {
  it('dequantizes u8 logits then applies softmax', () => {
    const scores = classificationScores(new Uint8Array([58, 68]), 'u8', 'softmax', { scale: 0.1, zeroPoint: 58 });
    // logits 0 and 1
    expect(scores[1]).toBeCloseTo(Math.E / (1 + Math.E), 6);
  });

  it('passes float probabilities through with activation none', () => {
    const values = new Float32Array([0.25, 0.75]);
    expect(classificationScores(values, 'f32', 'none', undefined)).toBe(values);
  });

  it('widens f16 bit patterns', () => {
    // 0x3c00 = 1, 0xc000 = -2, 0x3555 ≈ 0.33325, 0x0001 = 2^-24
    expect(Array.from(halfToFloat(new Uint16Array([0x3c00, 0xc000, 0x3555, 0x0001])))).toEqual([
      1,
      -2,
      Math.fround(0.333251953125),
      Math.fround(2 ** -24),
    ]);
  });
});
