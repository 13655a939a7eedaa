import type { Core, Model, Tensor } from '@hubvino/runtime';
import type { ManifestPort } from '@hubvino/runtime/artifact';
import { halfToFloat } from '@hubvino/runtime/task-support';
import type { ResolvedSource } from '../source/resolve-source.js';

/**
 * Validation compiles with f32 inference precision: the CPU plugin's default on CPUs with bf16
 * support (AVX512-BF16, AMX) is bf16, which hides what the IR itself computes (observed 0.14 on O(1)
 * logits) and would make FP32 and FP16 weights indistinguishable.
 */
export const VALIDATION_COMPILE_CONFIG: Readonly<Record<string, string>> = Object.freeze({
  INFERENCE_PRECISION_HINT: 'f32',
});

/** One output of a model run, widened to float for comparison. */
export interface NumericOutput {
  name: string;
  shape: number[];
  elementType: string;
  values: Float64Array;
}

/** What a reference needs to run the source model on the same input as the IR. */
export interface ValidationContext {
  core: Core;
  source: ResolvedSource;
  /** Concrete input shapes used for validation, in input order. */
  inputShapes: number[][];
  /** The IR's inputs, in the order of the tensors given to {@link ValidationReference.run}. */
  inputs: readonly ManifestPort[];
  /** The IR's outputs, in the order the comparison expects them (matched by name first, then by index). */
  outputs: readonly ManifestPort[];
  /**
   * The source as OpenVINO's frontend already read it, when the converter has it (so the frontend
   * reference does not read the source again). Borrowed: a reference may reshape and compile it,
   * never dispose it.
   */
  sourceModel?: Model;
  /**
   * Tells the user something about this reference without failing the conversion, e.g. why it was
   * skipped (`convert` turns it into a `validate` progress event with phase `note`).
   */
  note(message: string): void;
}

/**
 * Something the converted IR is compared with: it runs the *source* model on the validation input.
 * The first reference is OpenVINO's own frontend reading the source file; others (TensorFlow)
 * plug in through {@link ValidationReferenceFactory}.
 */
export interface ValidationReference {
  /** Stable id recorded in the manifest, e.g. `openvino-frontend` or `tensorflow`. */
  kind: string;
  /** Tool and version, e.g. `OpenVINO 2026.4.1 TensorFlow Lite frontend`. */
  description: string;
  /** Runs the source model; inputs and outputs in model order. */
  run(inputs: Tensor[]): Promise<NumericOutput[]>;
  dispose?(): void;
}

/**
 * Makes a reference for a source, or returns undefined when it does not apply (e.g. a TensorFlow
 * reference for an ONNX file). Pass several to `convert({ validationReferences })`.
 */
export type ValidationReferenceFactory = (context: ValidationContext) => Promise<ValidationReference | undefined>;

/** Widens an output tensor's values to float64 (u8/i8/f16 kept as their raw numeric values). */
export function numericOutput(name: string, tensor: Tensor): NumericOutput {
  const data = tensor.data as ArrayLike<number | bigint>;
  const values = new Float64Array(data.length);
  if (tensor.elementType === 'f16') {
    values.set(halfToFloat(data as Uint16Array));
  } else {
    for (let index = 0; index < data.length; index += 1) values[index] = Number(data[index]);
  }
  return { name, shape: [...tensor.shape], elementType: tensor.elementType, values };
}
