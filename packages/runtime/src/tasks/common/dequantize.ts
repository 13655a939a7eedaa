import { ArgumentError } from '../../errors/argument-error.js';

/** Affine quantization parameters of a tensor: `real = scale * (quantized - zeroPoint)`. */
export interface QuantizationParameters {
  scale: number;
  zeroPoint: number;
}

/**
 * The parameters TensorFlow Lite fixes for a quantized **softmax** output: scale 1/256 with zero point
 * 0 for u8 (-128 for i8), so probabilities 0..255/256 map to 0..255 (TF Lite's quantization spec; the
 * Coral TF2 MobileNetV2 `tf2_mobilenet_v2_1.0_224_ptq.tflite` output reports exactly (0.00390625, 0)).
 * hubvino uses these when a u8/i8 output is declared to be probabilities (`activation: 'none'`) and
 * the manifest gives no parameters, so `score = q / 256` (not `q / 255`).
 */
export const TFLITE_SOFTMAX_QUANTIZATION: Readonly<Record<'u8' | 'i8', QuantizationParameters>> = Object.freeze({
  u8: Object.freeze({ scale: 1 / 256, zeroPoint: 0 }),
  i8: Object.freeze({ scale: 1 / 256, zeroPoint: -128 }),
});

/** Checks quantization parameters (finite positive scale, finite zero point). */
export function assertQuantizationParameters(
  parameters: QuantizationParameters,
  argument = 'dequantization',
): asserts parameters is QuantizationParameters {
  if (
    typeof parameters !== 'object' ||
    parameters === null ||
    !Number.isFinite(parameters.scale) ||
    parameters.scale <= 0 ||
    !Number.isFinite(parameters.zeroPoint)
  ) {
    throw new ArgumentError(
      `'${argument}' must be { scale: a positive number, zeroPoint: a number } (got ${JSON.stringify(parameters)})`,
      { argument: argument },
    );
  }
}

/** Dequantizes u8/i8 values: `scale * (q - zeroPoint)` for each, into a new Float32Array. */
export function dequantize(values: Uint8Array | Int8Array, parameters: QuantizationParameters): Float32Array {
  assertQuantizationParameters(parameters);
  const { scale, zeroPoint } = parameters;
  const result = new Float32Array(values.length);
  for (let index = 0; index < values.length; index += 1) result[index] = scale * (values[index]! - zeroPoint);
  return result;
}
