import type { Model as RuntimeModel } from '@hubvino/runtime';
import { incorrectParameters, native, OpenVinoNodeError } from './errors/openvino-node-error.js';
import { type Node, nodeFrom } from './node.js';
import { createOutput, Output, type PortSource, portOf } from './output.js';
import { type Interval, intervalsOf, PartialShape, parseShape } from './partial-shape.js';

const runtimeKey = Symbol('hubvino.openvino-node.model');
let adopting: RuntimeModel | undefined;

/** Internal: wraps a runtime Model. */
export function modelFromRuntime(runtime: RuntimeModel): Model {
  adopting = runtime;
  try {
    return new Model();
  } finally {
    adopting = undefined;
  }
}

/** Internal: the runtime Model behind a Model. */
export function runtimeModelOf(model: Model): RuntimeModel {
  return model[runtimeKey]();
}

/** Internal: points a Model at another runtime Model (PrePostProcessor.build() changes the model in place). */
export function replaceRuntimeModel(model: Model, runtime: RuntimeModel): void {
  model[runtimeKey](runtime);
}

/** openvino-node's error for a port index or name that does not exist. */
export function portNotFound(kind: 'input' | 'output', nameOrIndex: string | number): OpenVinoNodeError {
  const direction = kind === 'input' ? 'Input' : 'Output';
  return typeof nameOrIndex === 'number'
    ? new OpenVinoNodeError(`${direction} port for index ${nameOrIndex} was not found!`)
    : new OpenVinoNodeError(`Port for tensor name ${nameOrIndex} was not found.`);
}

/** Index of a port by name or index among ports with these names, or the only one. */
export function portIndex(
  names: readonly string[],
  kind: 'input' | 'output',
  args: readonly unknown[],
  owner: string,
): number {
  if (args.length === 0) {
    if (names.length !== 1) {
      throw new OpenVinoNodeError(
        `${owner}.${kind}() must be called on a ${owner === 'Model' ? 'model' : 'compiled model'} with exactly one ${kind === 'input' ? 'parameter' : 'result'}; it has ${names.length}.`,
      );
    }
    return 0;
  }
  const [nameOrIndex] = args;
  if (args.length > 1 || (typeof nameOrIndex !== 'string' && typeof nameOrIndex !== 'number')) {
    throw incorrectParameters(kind);
  }
  if (typeof nameOrIndex === 'number') {
    if (!Number.isInteger(nameOrIndex) || nameOrIndex < 0 || nameOrIndex >= names.length) {
      throw portNotFound(kind, nameOrIndex);
    }
    return nameOrIndex;
  }
  const index = names.indexOf(nameOrIndex);
  if (index < 0) throw portNotFound(kind, nameOrIndex);
  return index;
}

function noArguments(method: string, args: readonly unknown[], wording = 'does not accept any arguments.'): void {
  if (args.length > 0) throw new OpenVinoNodeError(`${method}() ${wording}`);
}

/** Converts openvino-node's reshape value (PartialShape or its text) to intervals. */
function shapeArgument(value: unknown): Interval[] | undefined {
  if (value instanceof PartialShape) return intervalsOf(value);
  if (typeof value === 'string') return parseShape(value);
  throw new OpenVinoNodeError('reshape() expects a PartialShape or its string representation as the shape.');
}

/**
 * openvino-node's Model: a model read by Core.readModel(), with its ports, names and reshape.
 */
export class Model implements PortSource {
  #runtime: RuntimeModel;

  /** Models come from Core.readModel()/readModelSync(). */
  constructor() {
    if (!adopting) {
      throw new OpenVinoNodeError(
        'A Model cannot be constructed empty here: read one with core.readModel()/readModelSync().',
        'ERR_OV_UNSUPPORTED',
      );
    }
    this.#runtime = adopting;
    adopting = undefined;
  }

  /** Internal accessor (see {@link runtimeModelOf}, {@link replaceRuntimeModel}). */
  [runtimeKey](replacement?: RuntimeModel): RuntimeModel {
    if (replacement) this.#runtime = replacement;
    return this.#runtime;
  }

  /** Internal ({@link PortSource}). */
  portName(kind: 'input' | 'output', index: number): string {
    const ports = kind === 'input' ? this.#runtime.inputs : this.#runtime.outputs;
    return ports[index]?.name ?? '';
  }

  /** Internal ({@link PortSource}). */
  portIntervals(kind: 'input' | 'output', index: number): Interval[] | undefined {
    return native(() => this.#runtime.portShape(kind, index))?.map(([min, max]) => [min, max] as const);
  }

  /** The inputs. */
  get inputs(): Output[] {
    return this.#runtime.inputs.map((_, index) => createOutput(Output, this, 'input', index));
  }

  /** The outputs. */
  get outputs(): Output[] {
    return this.#runtime.outputs.map((_, index) => createOutput(Output, this, 'output', index));
  }

  /** One input: the only one, or by tensor name or index. */
  input(): Output;
  input(name: string): Output;
  input(index: number): Output;
  input(...args: unknown[]): Output {
    const names = this.#runtime.inputs.map((port) => port.name);
    return createOutput(Output, this, 'input', portIndex(names, 'input', args, 'Model'));
  }

  /** One output: the only one, or by tensor name or index. */
  output(): Output;
  output(name: string): Output;
  output(index: number): Output;
  output(...args: unknown[]): Output {
    const names = this.#runtime.outputs.map((port) => port.name);
    return createOutput(Output, this, 'output', portIndex(names, 'output', args, 'Model'));
  }

  /** True when any input or output has a dynamic dimension. */
  isDynamic(): boolean;
  isDynamic(...args: unknown[]): boolean {
    noArguments('isDynamic', args);
    return native(() => this.#runtime.isDynamic());
  }

  /** The friendly name (the model's unique name when none was set). */
  getFriendlyName(): string;
  getFriendlyName(...args: unknown[]): string {
    noArguments('getFriendlyName', args, 'does not take any arguments.');
    return native(() => this.#runtime.getFriendlyName());
  }

  /** The model's unique name. */
  getName(): string;
  getName(...args: unknown[]): string {
    noArguments('getName', args, 'does not take any arguments.');
    return native(() => this.#runtime.getName());
  }

  /** Sets the friendly name (an empty name brings back the unique name). */
  setFriendlyName(name: string): void;
  setFriendlyName(...args: unknown[]): void {
    const [name] = args;
    if (args.length !== 1 || typeof name !== 'string') {
      throw new OpenVinoNodeError('Expected a single string argument for the friendly name');
    }
    native(() => this.#runtime.setFriendlyName(name));
  }

  /** A deep copy of the model. */
  clone(): Model;
  clone(...args: unknown[]): Model {
    if (args.length > 0) throw incorrectParameters('clone');
    return modelFromRuntime(native(() => this.#runtime.clone()));
  }

  /** The operations, in topological order. */
  getOps(): Node[];
  getOps(...args: unknown[]): Node[] {
    if (args.length > 0) throw incorrectParameters('getOps');
    return native(() => this.#runtime.getOperations()).map(({ name, type }) => nodeFrom(name, type));
  }

  /** Number of outputs. */
  getOutputSize(): number;
  getOutputSize(...args: unknown[]): number {
    noArguments('getOutputSize', args);
    return this.#runtime.outputs.length;
  }

  /** Element type of output `index` (`'f32'`, ...). */
  getOutputElementType(index: number): string;
  getOutputElementType(...args: unknown[]): string {
    const [index] = args;
    if (args.length !== 1 || typeof index !== 'number' || !Number.isInteger(index)) {
      throw incorrectParameters('getOutputElementType');
    }
    const port = this.#runtime.outputs[index];
    if (!port) throw portNotFound('output', index);
    return port.elementType;
  }

  /** Static shape of output `index`. */
  getOutputShape(index: number): number[];
  getOutputShape(...args: unknown[]): number[] {
    const [index] = args;
    if (args.length !== 1 || typeof index !== 'number' || !Number.isInteger(index)) {
      throw incorrectParameters('getOutputShape');
    }
    if (index < 0 || index >= this.#runtime.outputs.length) throw portNotFound('output', index);
    return createOutput(Output, this, 'output', index).getShape();
  }

  /**
   * Reshapes inputs in place: `reshape(partialShape)` for a one-input model, or
   * `reshape(new Map([[nameOrIndexOrOutput, partialShape], ...]))`.
   * @throws for `variablesShapes` (state variables cannot be reshaped through the C API).
   */
  reshape(partialShape: PartialShape | string, variablesShapes?: Record<string, PartialShape | string>): Model;
  reshape(
    partialShapes: Map<number | string | Output, PartialShape | string>,
    variablesShapes?: Record<string, PartialShape | string>,
  ): Model;
  reshape(...args: unknown[]): Model {
    const [shapes, variables] = args;
    if (args.length === 0 || args.length > 2) throw incorrectParameters('reshape');
    if (
      variables !== undefined &&
      !(typeof variables === 'object' && variables !== null && Object.keys(variables).length === 0)
    ) {
      throw new OpenVinoNodeError(
        'Model.reshape(): variablesShapes is not supported by @hubvino/openvino-node: the OpenVINO C API cannot reshape state variables.',
        'ERR_OV_UNSUPPORTED',
      );
    }
    const entries: { index: number; dimensions: Interval[] | undefined }[] = [];
    const names = this.#runtime.inputs.map((port) => port.name);
    if (shapes instanceof Map) {
      for (const [key, value] of shapes) {
        let index: number;
        if (key instanceof Output) {
          const port = portOf(key);
          if (port.source !== this || port.kind !== 'input') {
            throw new OpenVinoNodeError('reshape(): an Output key must be an input of this model.');
          }
          index = port.index;
        } else {
          index = portIndex(names, 'input', [key], 'Model');
        }
        entries.push({ index, dimensions: shapeArgument(value) });
      }
    } else {
      if (names.length !== 1) {
        throw new OpenVinoNodeError(
          `reshape(partialShape) needs a model with one input; this one has ${names.length}: pass a Map of input to shape.`,
        );
      }
      entries.push({ index: 0, dimensions: shapeArgument(shapes) });
    }
    native(() => this.#runtime.reshapeIntervals(entries));
    return this;
  }
}
