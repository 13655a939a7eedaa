import { ArgumentError } from '../../errors/argument-error.js';
import {
  assertQuantizationParameters,
  dequantize,
  type QuantizationParameters,
  TFLITE_SOFTMAX_QUANTIZATION,
} from '../common/dequantize.js';
import { sigmoid, softmax } from '../common/softmax.js';

/** How a classifier's raw output becomes scores (the manifest's `postprocessing`, minus labels). */
export interface ScorePostprocessing {
  /** `softmax` when the model returns logits, `sigmoid` for multi-label logits, `none` for probabilities. */
  activation: 'softmax' | 'sigmoid' | 'none';
  /** For u8/i8 outputs: `real = scale * (q - zeroPoint)`. */
  dequantization?: QuantizationParameters;
}

/** The raw values of a classifier output as the engine returns them. */
export type ClassifierOutputValues = Float32Array | Float64Array | Uint8Array | Int8Array | Uint16Array;

/**
 * Decides how a `elementType` output is dequantized, at load time, so a bad combination fails before
 * the first image. Float outputs need nothing; u8/i8 outputs use `dequantization`, or TF Lite's
 * fixed softmax parameters (`q / 256`) when the output is already probabilities
 * (`activation: 'none'`). Quantized logits without parameters cannot be scored.
 * @throws ArgumentError naming `postprocessing.dequantization` or the element type.
 */
export function resolveDequantization(
  elementType: string,
  postprocessing: ScorePostprocessing,
): QuantizationParameters | undefined {
  if (elementType === 'f32' || elementType === 'f64' || elementType === 'f16') return undefined;
  if (elementType !== 'u8' && elementType !== 'i8') {
    throw new ArgumentError(
      `A classifier output must be f32, f16, f64, u8 or i8 scores; this model's output is ${elementType}.`,
      { argument: 'model' },
    );
  }
  if (postprocessing.dequantization !== undefined) {
    assertQuantizationParameters(postprocessing.dequantization, 'postprocessing.dequantization');
    return postprocessing.dequantization;
  }
  if (postprocessing.activation === 'none') return TFLITE_SOFTMAX_QUANTIZATION[elementType];
  throw new ArgumentError(
    `The model returns quantized ${elementType} logits ('${postprocessing.activation}' activation) and 'postprocessing.dequantization' ({ scale, zeroPoint } of the output, e.g. from the TF Lite file) is missing; scores cannot be computed without it.`,
    { argument: 'postprocessing.dequantization' },
  );
}

/**
 * Turns one image's raw classifier output into scores: dequantize (u8/i8), widen (f16, f64), then
 * apply the activation. `dequantization` comes from {@link resolveDequantization}.
 */
export function classificationScores(
  values: ClassifierOutputValues,
  elementType: string,
  activation: ScorePostprocessing['activation'],
  dequantization: QuantizationParameters | undefined,
): Float32Array {
  let real: Float32Array;
  if (values instanceof Uint8Array || values instanceof Int8Array) {
    if (dequantization === undefined)
      throw new ArgumentError(`'dequantization' is required for ${elementType} outputs`, {
        argument: 'dequantization',
      });
    real = dequantize(values, dequantization);
  } else if (values instanceof Uint16Array) {
    real = halfToFloat(values);
  } else if (values instanceof Float64Array) {
    real = Float32Array.from(values);
  } else {
    real = values;
  }
  if (activation === 'softmax') return softmax(real);
  if (activation === 'sigmoid') return sigmoid(real);
  return real;
}

/** IEEE 754 half-precision bit patterns to float32 values. */
export function halfToFloat(bits: Uint16Array): Float32Array {
  const result = new Float32Array(bits.length);
  for (let index = 0; index < bits.length; index += 1) {
    const half = bits[index]!;
    const sign = half & 0x8000 ? -1 : 1;
    const exponent = (half >> 10) & 0x1f;
    const fraction = half & 0x3ff;
    if (exponent === 0) result[index] = sign * 2 ** -14 * (fraction / 1024);
    else if (exponent === 0x1f) result[index] = fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
    else result[index] = sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
  }
  return result;
}
