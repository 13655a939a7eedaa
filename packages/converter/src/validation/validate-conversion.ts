import { ArgumentError, type Core, HubvinoError, Tensor } from '@hubvino/runtime';
import type { ManifestPort, ValidationRecord } from '@hubvino/runtime/artifact';
import { ValidationError, type ValidationFailure } from '../errors/validation-error.js';
import { modelSignature } from '../inspect/model-ports.js';
import type { ResolvedSource } from '../source/resolve-source.js';
import { seededRandom } from './seeded-random.js';
import {
  type NumericOutput,
  numericOutput,
  VALIDATION_COMPILE_CONFIG,
  type ValidationReference,
  type ValidationReferenceFactory,
} from './validation-reference.js';

/** Default seed of the validation input. */
export const DEFAULT_VALIDATION_SEED = 20240611;
/**
 * Default `--max-abs-diff` with FP32 weights: the IR and OpenVINO's frontend run the same graph, so
 * only kernel/fusion rounding differs (observed 0; the IR vs TensorFlow itself: 1.1e-5).
 */
export const DEFAULT_MAX_ABS_DIFF_FP32 = 1e-3;
/**
 * Default `--max-abs-diff` with FP16-compressed weights (ovc's default): weights lose ~3 decimal
 * digits; observed 0.024 on the O(1) logits of the random-weight MobileNetV2 SavedModel fixture,
 * 1.2e-3 on MobileNetV1 probabilities, 0 on the quantized TF Lite models (f32 inference precision).
 */
export const DEFAULT_MAX_ABS_DIFF_FP16 = 0.05;

/** How one input's random values are drawn. */
export type InputValueRange = { min: number; max: number };

/** Options of {@link validateConversion}. */
export interface ValidateOptions {
  core: Core;
  /** The converted `model.xml`. */
  irPath: string;
  source: ResolvedSource;
  /** Validation shapes (concrete), in input order. */
  inputShapes: number[][];
  /** Value range per input for float inputs (default [0, 1]). */
  inputRanges?: (InputValueRange | undefined)[];
  /** Per output, for u8/i8 outputs: compare dequantized values. */
  dequantization?: ({ scale: number; zeroPoint: number } | undefined)[];
  references: ValidationReferenceFactory[];
  maxAbsDiff: number;
  seed?: number;
  /** Receives references' notes (e.g. why TensorFlow was skipped). */
  onNote?: (message: string) => void;
}

/** The outcome: the manifest record and the outputs (IR and first reference) for task inference. */
export interface ValidationOutcome {
  record: ValidationRecord;
  irOutputs: NumericOutput[];
}

/** Replaces a dynamic batch by 1; other dynamic dimensions need `--input-shape`. */
export function concreteShapes(inputs: readonly ManifestPort[], shapes: number[][]): number[][] {
  return shapes.map((shape, index) => {
    if (shape.length === 0 && (inputs[index]?.shape.length ?? 0) === 0) return shape;
    return shape.map((dimension, axis) => {
      if (dimension >= 0) return dimension;
      if (axis === 0) return 1;
      throw new ArgumentError(
        `Input '${inputs[index]?.name}' has a dynamic dimension ${axis} (${JSON.stringify(shape)}); pass '--input-shape' with concrete sizes so the conversion can be validated.`,
        { argument: '--input-shape' },
      );
    });
  });
}

/** The seeded validation inputs, one tensor per input. */
export function makeValidationInputs(
  inputs: readonly ManifestPort[],
  shapes: number[][],
  seed: number,
  ranges: (InputValueRange | undefined)[] = [],
): Tensor[] {
  const random = seededRandom(seed);
  return inputs.map((port, index) => {
    const shape = shapes[index] as number[];
    const size = shape.reduce((product, dimension) => product * dimension, 1);
    const range = ranges[index] ?? { min: 0, max: 1 };
    switch (port.elementType) {
      case 'f32': {
        const data = new Float32Array(size);
        for (let element = 0; element < size; element += 1)
          data[element] = range.min + (range.max - range.min) * random();
        return new Tensor('f32', shape, data);
      }
      case 'u8': {
        const data = new Uint8Array(size);
        for (let element = 0; element < size; element += 1) data[element] = Math.floor(random() * 256);
        return new Tensor('u8', shape, data);
      }
      case 'i8': {
        const data = new Int8Array(size);
        for (let element = 0; element < size; element += 1) data[element] = Math.floor(random() * 256) - 128;
        return new Tensor('i8', shape, data);
      }
      case 'i32': {
        const data = new Int32Array(size);
        for (let element = 0; element < size; element += 1) data[element] = Math.floor(random() * 10);
        return new Tensor('i32', shape, data);
      }
      case 'i64': {
        const data = new BigInt64Array(size);
        for (let element = 0; element < size; element += 1) data[element] = BigInt(Math.floor(random() * 10));
        return new Tensor('i64', shape, data);
      }
      default:
        throw new ValidationError(
          `Cannot make a validation input for '${port.name}' of type ${port.elementType}; only f32, u8, i8, i32 and i64 inputs are supported.`,
          { code: 'ERR_VALIDATION_INPUT' },
        );
    }
  });
}

function dequantized(
  output: NumericOutput,
  parameters: { scale: number; zeroPoint: number } | undefined,
): Float64Array {
  if (!parameters || (output.elementType !== 'u8' && output.elementType !== 'i8')) return output.values;
  return output.values.map((value) => parameters.scale * (value - parameters.zeroPoint));
}

/** Largest |a - b| (Infinity when lengths differ or a value is NaN on one side only). */
export function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let index = 0; index < a.length; index += 1) {
    const diff = Math.abs((a[index] as number) - (b[index] as number));
    if (Number.isNaN(diff)) {
      if (!(Number.isNaN(a[index] as number) && Number.isNaN(b[index] as number))) return Number.POSITIVE_INFINITY;
    } else if (diff > worst) worst = diff;
  }
  return worst;
}

/** Fraction of rows (last axis = classes) whose argmax agrees; undefined for non-2D outputs. */
export function top1Agreement(a: Float64Array, b: Float64Array, shape: number[]): number | undefined {
  if (shape.length !== 2 || (shape[1] ?? 0) < 2 || a.length !== b.length) return undefined;
  const classes = shape[1] as number;
  const rows = a.length / classes;
  let agree = 0;
  for (let row = 0; row < rows; row += 1) {
    let bestA = 0;
    let bestB = 0;
    for (let column = 1; column < classes; column += 1) {
      if ((a[row * classes + column] as number) > (a[row * classes + bestA] as number)) bestA = column;
      if ((b[row * classes + column] as number) > (b[row * classes + bestB] as number)) bestB = column;
    }
    if (bestA === bestB) agree += 1;
  }
  return rows > 0 ? agree / rows : undefined;
}

/**
 * Compiles the IR, runs it on a seeded pseudo-random input and compares every output with each
 * reference (max abs diff over all outputs, dequantized when the output is quantized; top-1
 * agreement for [N, classes] outputs).
 * @throws ValidationError when a difference is above `maxAbsDiff` (nothing must be published), or
 * when the IR cannot be compiled or run.
 */
export async function validateConversion(options: ValidateOptions): Promise<ValidationOutcome> {
  const seed = options.seed ?? DEFAULT_VALIDATION_SEED;
  const { core } = options;
  let irOutputs: NumericOutput[];
  const irModel = await core.readModel(options.irPath);
  const irInputs = irModel.inputs.map((port) => ({
    name: port.name,
    names: [...port.names],
    shape: [...port.partialShape],
    elementType: port.elementType as ManifestPort['elementType'],
  }));
  const irPorts = modelSignature(irModel);
  const inputs = makeValidationInputs(irInputs, options.inputShapes, seed, options.inputRanges);
  try {
    try {
      if (irModel.isDynamic()) {
        const shapes: Record<string, number[]> = {};
        irModel.inputs.forEach((port, index) => {
          shapes[port.name || String(index)] = options.inputShapes[index] as number[];
        });
        irModel.reshape(shapes);
      }
      const compiled = await core.compileModel(irModel, 'CPU', VALIDATION_COMPILE_CONFIG);
      try {
        const request = compiled.createInferRequest();
        try {
          const result = await request.inferAsync(inputs);
          irOutputs = compiled.outputs.map((port, index) =>
            numericOutput(port.name, result[port.name || String(index)] as Tensor),
          );
        } finally {
          request.dispose();
        }
      } finally {
        compiled.dispose();
      }
    } catch (error) {
      if (error instanceof ValidationError) throw error;
      throw new ValidationError(
        `The converted IR ${options.irPath} could not be compiled or run on CPU: ${HubvinoError.isInstance(error) ? (error.nativeMessage ?? error.message) : String(error)}`,
        { code: 'ERR_IR_NOT_RUNNABLE', cause: error },
      );
    } finally {
      irModel.dispose();
    }
    const records: ValidationRecord['references'] = [];
    const failures: ValidationFailure[] = [];
    for (const factory of options.references) {
      const reference: ValidationReference | undefined = await factory({
        core,
        source: options.source,
        inputShapes: options.inputShapes,
        inputs: irPorts.inputs,
        outputs: irPorts.outputs,
        note: (message) => options.onNote?.(message),
      });
      if (!reference) continue;
      try {
        const referenceOutputs = await reference.run(inputs);
        let worst = 0;
        let worstOutput = '';
        let agreement: number | undefined;
        irOutputs.forEach((irOutput, index) => {
          const match =
            referenceOutputs.find((output) => output.name && output.name === irOutput.name) ?? referenceOutputs[index];
          const parameters = options.dequantization?.[index];
          const a = dequantized(irOutput, parameters);
          const b = match ? dequantized(match, parameters) : new Float64Array(0);
          const diff = maxAbsDiff(a, b);
          if (diff >= worst) {
            worst = diff;
            worstOutput = irOutput.name;
          }
          const top1 = top1Agreement(a, b, irOutput.shape);
          if (top1 !== undefined) agreement = Math.min(agreement ?? 1, top1);
        });
        const passed = worst <= options.maxAbsDiff;
        records.push({
          kind: reference.kind,
          description: reference.description,
          maxAbsDiff: Number.isFinite(worst) ? worst : Number.MAX_VALUE,
          ...(agreement === undefined ? {} : { top1Agreement: agreement }),
          threshold: options.maxAbsDiff,
          passed,
        });
        if (!passed)
          failures.push({
            reference: reference.kind,
            output: worstOutput,
            maxAbsDiff: worst,
            threshold: options.maxAbsDiff,
          });
      } finally {
        reference.dispose?.();
      }
    }
    if (failures.length > 0) {
      throw new ValidationError(
        failures
          .map(
            (failure) =>
              `The converted IR differs from the ${failure.reference} reference by ${failure.maxAbsDiff.toExponential(3)} on output '${failure.output}' (threshold ${failure.threshold}); nothing was published. Raise --max-abs-diff if this is expected (e.g. with FP16 weights), or convert with --no-fp16.`,
          )
          .join('\n'),
        { code: 'ERR_VALIDATION_THRESHOLD', failures },
      );
    }
    return { record: { references: records, inputSeed: seed }, irOutputs };
  } finally {
    for (const tensor of inputs) tensor.dispose();
  }
}
