import { NativeHandle, NativeObject } from './disposable.js';
import { ArgumentError } from './errors/argument-error.js';
import { OpenVinoError } from './errors/openvino-error.js';
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
