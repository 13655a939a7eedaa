import { NativeHandle, NativeObject } from './disposable.js';
import { ArgumentError } from './errors/argument-error.js';
import { OpenVinoError } from './errors/openvino-error.js';
import { type IntervalShape, portIntervals, reshapeModelIntervals } from './openvino/native-extras.js';
import { cloneModel, modelName, modelOperations, saveModel, setModelFriendlyName } from './openvino/native-helper.js';
import {
  freeModel,
  modelFriendlyName,
  modelInputs,
  modelIsDynamic,
  modelOutputs,
  reshapeModel,
} from './openvino/native-model.js';
import { createPort, describePorts, findPort, type Port } from './port.js';

/** A shape for {@link Model.reshape}: numbers, -1 for a dynamic dimension. */
export type ShapeLike = readonly number[];

/** Internal: the native handle of a Model (used by Core and PrePostProcessor). */
export const modelHandle: unique symbol = Symbol('hubvino.modelHandle');

/** Internal: tells a Model that OpenVINO changed it natively (PrePostProcessor.build), so cached ports are stale. */
export const modelChanged: unique symbol = Symbol('hubvino.modelChanged');

/**
 * A model read by {@link Core.readModel} (IR, TF Lite, ONNX, TF SavedModel, frozen .pb): its
 * inputs and outputs, reshape, and the input of {@link Core.compileModel} and
 * {@link PrePostProcessor}.
 */
export class Model extends NativeObject {
  #inputs: readonly Port[] | undefined;
  #outputs: readonly Port[] | undefined;

  /** Internal: use {@link Core.readModel}. */
  constructor(pointer: bigint, parent?: NativeHandle) {
    super(new NativeHandle(pointer, freeModel, parent));
  }

  /** Internal: the handle, for objects that need the native model. */
  [modelHandle](): NativeHandle {
    return this.handle;
  }

  /** Internal: forget the cached ports; they are read again on next use. */
  [modelChanged](): void {
    this.#inputs = undefined;
    this.#outputs = undefined;
  }

  /** The inputs, in order. */
  get inputs(): readonly Port[] {
    this.#inputs ??= Object.freeze(modelInputs(this.pointer).map(createPort));
    return this.#inputs;
  }

  /** The outputs, in order. */
  get outputs(): readonly Port[] {
    this.#outputs ??= Object.freeze(modelOutputs(this.pointer).map(createPort));
    return this.#outputs;
  }

  /**
   * One input by tensor name or index; with no argument, the only input.
   * @throws ArgumentError naming `nameOrIndex` and listing the inputs.
   */
  input(nameOrIndex?: string | number): Port {
    return findPort(this.inputs, nameOrIndex, 'nameOrIndex', 'input');
  }

  /**
   * One output by tensor name or index; with no argument, the only output.
   * @throws ArgumentError naming `nameOrIndex` and listing the outputs.
   */
  output(nameOrIndex?: string | number): Port {
    return findPort(this.outputs, nameOrIndex, 'nameOrIndex', 'output');
  }

  /** The model's friendly name. */
  getFriendlyName(): string {
    return modelFriendlyName(this.pointer);
  }

  /** True when any input or output has a dynamic dimension. */
  isDynamic(): boolean {
    return modelIsDynamic(this.pointer);
  }

  /**
   * Changes input shapes in place (then compile). Pass one shape for a single-input model, or
   * `{ [inputNameOrIndex]: shape }`. Use -1 for a dynamic dimension.
   * @throws ArgumentError for unknown inputs or malformed shapes; OpenVinoError when OpenVINO cannot
   *   propagate the shapes through the model.
   */
  reshape(shape: ShapeLike | Readonly<Record<string, ShapeLike>>): this {
    const entries: { index: number; shape: number[] }[] = [];
    if (Array.isArray(shape)) {
      entries.push({
        index: findPort(this.inputs, undefined, 'shape', 'input').index,
        shape: checkShape(shape, 'shape'),
      });
    } else if (shape && typeof shape === 'object') {
      for (const [key, value] of Object.entries(shape as Record<string, ShapeLike>)) {
        const port = findPort(this.inputs, key, 'shape', 'input');
        entries.push({ index: port.index, shape: checkShape(value, `shape.${key}`) });
      }
    } else {
      throw new ArgumentError(`'shape' must be an array of dimensions or an object { inputName: dimensions }`, {
        argument: 'shape',
      });
    }
    try {
      reshapeModel(this.pointer, entries);
    } catch (error) {
      if (error instanceof OpenVinoError) {
        throw new OpenVinoError(
          `Could not reshape the model's inputs (${describePorts(this.inputs)}): ${error.message}`,
          {
            cause: error,
            code: 'ERR_RESHAPE',
            nativeStatus: error.nativeStatus,
            nativeFunction: error.nativeFunction,
            nativeMessage: error.nativeMessage,
          },
        );
      }
      throw error;
    } finally {
      this.#inputs = undefined;
      this.#outputs = undefined;
    }
    return this;
  }

  /**
   * The partial shape of an input or output with its intervals: `[min, max]` per dimension (`max`
   * -1 when unbounded); undefined when the rank is dynamic.
   */
  portShape(kind: 'input' | 'output', index: number): IntervalShape {
    const ports = kind === 'input' ? this.inputs : this.outputs;
    if (!Number.isInteger(index) || index < 0 || index >= ports.length) {
      throw new ArgumentError(`'index' ${index} is not a valid ${kind} index; the model has ${ports.length} ${kind}s`, {
        argument: 'index',
      });
    }
    return portIntervals(this.pointer, kind === 'input' ? 'model-input' : 'model-output', index);
  }

  /**
   * Changes input shapes in place with OpenVINO's intervals: per input index, `[min, max]` per
   * dimension (`max` -1 for unbounded). A dynamic rank (undefined) is refused: the C API's reshape
   * turns it into one dynamic dimension.
   * @throws ArgumentError for an unknown input or a dynamic rank; OpenVinoError when OpenVINO cannot
   *   propagate the shapes.
   */
  reshapeIntervals(shapes: ReadonlyArray<{ index: number; dimensions: IntervalShape }>): this {
    for (const { index, dimensions } of shapes) {
      if (!Number.isInteger(index) || index < 0 || index >= this.inputs.length) {
        throw new ArgumentError(`input index ${index} does not exist; the model has ${this.inputs.length} inputs`, {
          argument: 'shapes',
        });
      }
      if (dimensions === undefined) {
        throw new ArgumentError(
          `input ${index}: OpenVINO's C API cannot reshape to a dynamic rank; give the dimensions (each may be dynamic)`,
          { argument: 'shapes' },
        );
      }
    }
    try {
      reshapeModelIntervals(this.pointer, shapes);
    } finally {
      this.#inputs = undefined;
      this.#outputs = undefined;
    }
    return this;
  }

  /**
   * A deep copy (`ov::Model::clone`), independent of this one. Needs the optional OpenVINO helper
   * (`npx hubvino-build-openvino-extras`): the C API has no clone.
   */
  clone(): Model {
    return new Model(cloneModel(this.pointer));
  }

  /** The model's unique name (`ov::Model::get_name`; needs the optional helper). */
  getName(): string {
    return modelName(this.pointer);
  }

  /** Sets the friendly name (`ov::Model::set_friendly_name`; needs the optional helper). */
  setFriendlyName(name: string): void {
    if (typeof name !== 'string') throw new ArgumentError(`'name' must be a string`, { argument: 'name' });
    setModelFriendlyName(this.pointer, name);
  }

  /** Operations in topological order: friendly name and type (needs the optional helper). */
  getOperations(): { name: string; type: string }[] {
    return modelOperations(this.pointer);
  }

  /**
   * Writes the model as IR (`path` the `.xml`, weights beside it as `.bin`) with `ov::save_model`;
   * float weights are compressed to FP16 unless `compressToFp16` is false. Needs the optional helper.
   */
  save(path: string, compressToFp16 = true): void {
    if (typeof path !== 'string' || path.length === 0)
      throw new ArgumentError(`'path' must be a file path`, { argument: 'path' });
    saveModel(this.pointer, path, compressToFp16);
  }

  protected override onDispose(): void {
    this.#inputs = undefined;
    this.#outputs = undefined;
  }
}

function checkShape(shape: unknown, argument: string): number[] {
  if (!Array.isArray(shape) || !shape.every((dimension) => Number.isSafeInteger(dimension) && dimension >= -1)) {
    throw new ArgumentError(
      `'${argument}' must be an array of integers (-1 for a dynamic dimension), got ${JSON.stringify(shape)}`,
      { argument: argument },
    );
  }
  return [...shape];
}
