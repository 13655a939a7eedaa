import {
  type ElementType,
  type InputInfo as RuntimeInputInfo,
  type InputModelInfo as RuntimeInputModelInfo,
  type InputTensorInfo as RuntimeInputTensorInfo,
  type OutputInfo as RuntimeOutputInfo,
  type OutputTensorInfo as RuntimeOutputTensorInfo,
  PrePostProcessor as RuntimePrePostProcessor,
  type PreProcessSteps as RuntimePreProcessSteps,
} from '@hubvino/runtime';
import { isTensorElementType, type TensorElementType } from './element.js';
import { incorrectParameters, native, OpenVinoNodeError } from './errors/openvino-node-error.js';
import { Model, portIndex, replaceRuntimeModel, runtimeModelOf } from './model.js';
import { type resizeAlgorithm, runtimeResizeAlgorithm } from './resize-algorithm.js';

function noParameters(args: readonly unknown[]): void {
  if (args.length > 0) throw new OpenVinoNodeError('Function does not take any parameters.');
}

function parameters(args: readonly unknown[], count: number): void {
  if (args.length !== count) throw new OpenVinoNodeError('Wrong number of parameters.');
}

function elementTypeArgument(value: unknown): ElementType {
  if (!isTensorElementType(value) || value === 'string') {
    throw new OpenVinoNodeError(`Cannot create ov::element::Type from ${JSON.stringify(value)}.`);
  }
  return value as ElementType;
}

/**
 * Checks a layout as OpenVINO parses it (`NCHW`, `NC?`, `...C`, `[N,C,H,W]`): each named dimension
 * at most once.
 */
function layoutArgument(value: unknown): string {
  if (typeof value !== 'string') throw new OpenVinoNodeError('Wrong number of parameters.');
  const text = value.trim();
  const names =
    text.startsWith('[') && text.endsWith(']')
      ? text
          .slice(1, -1)
          .split(',')
          .map((name) => name.trim())
      : [...text.replace('...', '')];
  const seen = new Set<string>();
  for (const name of names) {
    if (name === '?' || name === '...' || name === '') continue;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new OpenVinoNodeError(`Layout '${value}' is not valid: '${name}' is not a dimension name.`);
    }
    const key = name.toUpperCase();
    if (seen.has(key))
      throw new OpenVinoNodeError(`Layout '${value}' is not valid: dimension '${name}' appears twice.`);
    seen.add(key);
  }
  return value;
}

/** `ppp.input().tensor()`: what the caller will pass. */
export class InputTensorInfo {
  readonly #runtime: RuntimeInputTensorInfo;
  /** Internal: use `ppp.input().tensor()`. */
  constructor(runtime: RuntimeInputTensorInfo) {
    this.#runtime = runtime;
  }
  setElementType(elementType: TensorElementType): InputTensorInfo;
  setElementType(...args: unknown[]): InputTensorInfo {
    parameters(args, 1);
    const type = elementTypeArgument(args[0]);
    native(() => this.#runtime.setElementType(type));
    return this;
  }
  setLayout(layout: string): InputTensorInfo;
  setLayout(...args: unknown[]): InputTensorInfo {
    parameters(args, 1);
    const layout = layoutArgument(args[0]);
    native(() => this.#runtime.setLayout(layout));
    return this;
  }
  setShape(shape: number[]): InputTensorInfo;
  setShape(...args: unknown[]): InputTensorInfo {
    parameters(args, 1);
    const [shape] = args;
    if (!Array.isArray(shape)) throw new OpenVinoNodeError('setShape() expects an array of dimensions.');
    native(() => this.#runtime.setShape(shape as number[]));
    return this;
  }
}

/** `ppp.input().preprocess()`: the steps OpenVINO runs on the input. */
export class PreProcessSteps {
  readonly #runtime: RuntimePreProcessSteps;
  /** Internal: use `ppp.input().preprocess()`. */
  constructor(runtime: RuntimePreProcessSteps) {
    this.#runtime = runtime;
  }
  resize(algorithm: resizeAlgorithm | string): PreProcessSteps;
  resize(...args: unknown[]): PreProcessSteps {
    parameters(args, 1);
    const algorithm = runtimeResizeAlgorithm(args[0]);
    if (!algorithm) {
      throw new OpenVinoNodeError(
        `Unsupported resize algorithm ${JSON.stringify(args[0])}: use ov.preprocess.resizeAlgorithm.RESIZE_LINEAR, RESIZE_CUBIC or RESIZE_NEAREST.`,
      );
    }
    native(() => this.#runtime.resize(algorithm));
    return this;
  }
}

/** `ppp.input().model()`: what the model expects. */
export class InputModelInfo {
  readonly #runtime: RuntimeInputModelInfo;
  /** Internal: use `ppp.input().model()`. */
  constructor(runtime: RuntimeInputModelInfo) {
    this.#runtime = runtime;
  }
  setLayout(layout: string): InputModelInfo;
  setLayout(...args: unknown[]): InputModelInfo {
    parameters(args, 1);
    const layout = layoutArgument(args[0]);
    native(() => this.#runtime.setLayout(layout));
    return this;
  }
}

/** `ppp.input()`. */
export class InputInfo {
  readonly #runtime: RuntimeInputInfo;
  /** Internal: use `ppp.input()`. */
  constructor(runtime: RuntimeInputInfo) {
    this.#runtime = runtime;
  }
  tensor(): InputTensorInfo;
  tensor(...args: unknown[]): InputTensorInfo {
    noParameters(args);
    return new InputTensorInfo(this.#runtime.tensor());
  }
  preprocess(): PreProcessSteps;
  preprocess(...args: unknown[]): PreProcessSteps {
    noParameters(args);
    return new PreProcessSteps(this.#runtime.preprocess());
  }
  model(): InputModelInfo;
  model(...args: unknown[]): InputModelInfo {
    noParameters(args);
    return new InputModelInfo(this.#runtime.model());
  }
}

/** `ppp.output().tensor()`: what the caller will get. */
export class OutputTensorInfo {
  readonly #runtime: RuntimeOutputTensorInfo;
  /** Internal: use `ppp.output().tensor()`. */
  constructor(runtime: RuntimeOutputTensorInfo) {
    this.#runtime = runtime;
  }
  setElementType(elementType: TensorElementType): OutputTensorInfo;
  setElementType(...args: unknown[]): OutputTensorInfo {
    parameters(args, 1);
    const type = elementTypeArgument(args[0]);
    native(() => this.#runtime.setElementType(type));
    return this;
  }
  /**
   * Not available: the OpenVINO C API has no call to set an output tensor's layout
   * (`ov_preprocess_output_tensor_info_*` covers the element type only).
   */
  setLayout(layout: string): OutputTensorInfo;
  setLayout(...args: unknown[]): OutputTensorInfo {
    parameters(args, 1);
    layoutArgument(args[0]);
    throw new OpenVinoNodeError(
      "OutputTensorInfo.setLayout() is not supported by @hubvino/openvino-node: OpenVINO's C API has no output tensor layout call.",
      'ERR_OV_UNSUPPORTED',
    );
  }
}

/** `ppp.output()`. */
export class OutputInfo {
  readonly #runtime: RuntimeOutputInfo;
  /** Internal: use `ppp.output()`. */
  constructor(runtime: RuntimeOutputInfo) {
    this.#runtime = runtime;
  }
  tensor(): OutputTensorInfo;
  tensor(...args: unknown[]): OutputTensorInfo {
    noParameters(args);
    return new OutputTensorInfo(this.#runtime.tensor());
  }
}

/**
 * openvino-node's `preprocess.PrePostProcessor`: `build()` puts the processing into the model it
 * was created with (that same Model object then describes and compiles the processed model).
 */
export class PrePostProcessor {
  readonly #model: Model;
  readonly #runtime: RuntimePrePostProcessor;

  constructor(model: Model);
  constructor(...args: unknown[]) {
    const [model] = args;
    if (args.length !== 1 || !(model instanceof Model)) throw incorrectParameters('PrePostProcessor constructor');
    this.#model = model;
    this.#runtime = native(() => new RuntimePrePostProcessor(runtimeModelOf(model)));
  }

  input(idxOrTensorName?: number | string): InputInfo;
  input(...args: unknown[]): InputInfo {
    const names = runtimeModelOf(this.#model).inputs.map((port) => port.name);
    const index = portIndex(names, 'input', args, 'Model');
    return new InputInfo(native(() => this.#runtime.input(index)));
  }

  output(idxOrTensorName?: number | string): OutputInfo;
  output(...args: unknown[]): OutputInfo {
    const names = runtimeModelOf(this.#model).outputs.map((port) => port.name);
    const index = portIndex(names, 'output', args, 'Model');
    return new OutputInfo(native(() => this.#runtime.output(index)));
  }

  build(): PrePostProcessor;
  build(...args: unknown[]): PrePostProcessor {
    noParameters(args);
    const built = native(() => this.#runtime.build());
    replaceRuntimeModel(this.#model, built);
    return this;
  }
}
