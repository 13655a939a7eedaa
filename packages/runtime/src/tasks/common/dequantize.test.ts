import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../errors/argument-error.js';
import { dequantize, TFLITE_SOFTMAX_QUANTIZATION } from './dequantize.js';

describe('dequantize', () => {
  it('computes scale * (q - zeroPoint)', () => {
    const result = dequantize(new Uint8Array([0, 58, 255]), { scale: 0.5, zeroPoint: 58 });
    expect(Array.from(result)).toEqual([-29, 0, 98.5]);
  });

  it('handles signed int8 values', () => {
    expect(Array.from(dequantize(new Int8Array([-128, 0, 127]), TFLITE_SOFTMAX_QUANTIZATION.i8))).toEqual([
      0,
      0.5,
      255 / 256,
    ]);
  });

  it('uses q / 256 for TF Lite u8 softmax outputs', () => {
    expect(Array.from(dequantize(new Uint8Array([0, 128, 255]), TFLITE_SOFTMAX_QUANTIZATION.u8))).toEqual([
      0,
      0.5,
      255 / 256,
    ]);
  });

  it('rejects a zero or missing scale with ArgumentError', () => {
    expect(() => dequantize(new Uint8Array(1), { scale: 0, zeroPoint: 0 })).toThrow(ArgumentError);
    expect(() => dequantize(new Uint8Array(1), { zeroPoint: 0 } as never)).toThrow(/scale/);
  });
});
