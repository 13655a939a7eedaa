import type { InferRequest as RuntimeInferRequest, InferResult as RuntimeResult } from '@hubvino/runtime';
import type { CompiledModel } from './compiled-model.js';
import type { SupportedTypedArray } from './element.js';
import { incorrectParameters, native, nativeAsync, OpenVinoNodeError } from './errors/openvino-node-error.js';
import { portNotFound } from './model.js';
import { ConstOutput, Output, portOf } from './output.js';
import { runtimeTensorOf, Tensor, tensorFromRuntime } from './tensor.js';

let adopting: { runtime: RuntimeInferRequest; compiled: CompiledModel } | undefined;

/** Internal: wraps a runtime InferRequest of `compiled`. */
export function inferRequestFrom(runtime: RuntimeInferRequest, compiled: CompiledModel): InferRequest {
  adopting = { runtime, compiled };
  try {
    return new InferRequest();
  } finally {
    adopting = undefined;
  }
}

/** Inference inputs as openvino-node takes them. */
export type InferInputData = Record<string, Tensor | ArrayBufferView> | (Tensor | ArrayBufferView)[];

/** openvino-node's InferRequest. */
export class InferRequest {
  readonly #runtime: RuntimeInferRequest;
  readonly #compiled: CompiledModel;
  readonly #inputs: (Tensor | undefined)[];
  readonly #outputs: (Tensor | undefined)[];
  /** The last inferAsync() of this request; the next one starts after it settles. */
  #running: Promise<unknown> = Promise.resolve();
  #pending = 0;

  /** Requests come from compiledModel.createInferRequest(). */
  constructor() {
    if (!adopting) {
      throw new OpenVinoNodeError(
        'An InferRequest cannot be constructed directly: use compiledModel.createInferRequest().',
        'ERR_OV_UNSUPPORTED',
      );
    }
    this.#runtime = adopting.runtime;
    this.#compiled = adopting.compiled;
    this.#inputs = new Array(this.#runtime.inputs.length).fill(undefined);
    this.#outputs = new Array(this.#runtime.outputs.length).fill(undefined);
    adopting = undefined;
  }

  /** The CompiledModel this request belongs to. */
  getCompiledModel(): CompiledModel;
  getCompiledModel(...args: unknown[]): CompiledModel {
    if (args.length > 0) throw incorrectParameters('getCompiledModel');
    return this.#compiled;
  }

  /** Sets the input: `setInputTensor(tensor)` for a one-input model, or `setInputTensor(index, tensor)`. */
  setInputTensor(tensor: Tensor): void;
  setInputTensor(idx: number, tensor: Tensor): void;
  setInputTensor(...args: unknown[]): void {
    const [index, tensor] = this.#indexAndTensor(args, 'input', 'setInputTensor');
    this.#setInput(index, tensor);
  }

  /** Sets where an output is written: `setOutputTensor(tensor)` or `setOutputTensor(index, tensor)`. */
  setOutputTensor(tensor: Tensor): void;
  setOutputTensor(idx: number, tensor: Tensor): void;
  setOutputTensor(...args: unknown[]): void {
    const [index, tensor] = this.#indexAndTensor(args, 'output', 'setOutputTensor');
    this.#setOutput(index, tensor);
  }

  /** Sets an input or output by tensor name. */
  setTensor(name: string, tensor: Tensor): void;
  setTensor(...args: unknown[]): void {
    const [name, tensor] = args;
    if (args.length !== 2 || typeof name !== 'string') {
      throw new OpenVinoNodeError('setTensor(): invalid argument. Expected (name: string, tensor: Tensor).');
    }
    const port = this.#findByName(name);
    if (!(tensor instanceof Tensor)) throw new OpenVinoNodeError('Argument #2 must be a Tensor.');
    if (port.kind === 'input') this.#setInput(port.index, tensor);
    else this.#setOutput(port.index, tensor);
  }

  /** An input or output tensor by tensor name or by Output/ConstOutput. */
  getTensor(nameOrOutput: string | Output | ConstOutput): Tensor;
  getTensor(...args: unknown[]): Tensor {
    const [nameOrOutput] = args;
    if (args.length !== 1) throw incorrectParameters('getTensor');
    let port: { kind: 'input' | 'output'; index: number };
    if (typeof nameOrOutput === 'string') {
      port = this.#findByName(nameOrOutput);
    } else if (nameOrOutput instanceof Output || nameOrOutput instanceof ConstOutput) {
      const found = portOf(nameOrOutput);
      const name = found.source.portName(found.kind, found.index);
      port = name ? this.#findByName(name) : { kind: found.kind, index: found.index };
    } else {
      throw incorrectParameters('getTensor');
    }
    return port.kind === 'input' ? this.#getInput(port.index) : this.#getOutput(port.index);
  }

  /** The input tensor (the only input, or by index). */
  getInputTensor(idx?: number): Tensor;
  getInputTensor(...args: unknown[]): Tensor {
    return this.#getInput(this.#optionalIndex(args, 'input', 'getInputTensor'));
  }

  /** The output tensor after the last inference (the only output, or by index). */
  getOutputTensor(idx?: number): Tensor;
  getOutputTensor(...args: unknown[]): Tensor {
    return this.#getOutput(this.#optionalIndex(args, 'output', 'getOutputTensor'));
  }

  /**
   * Runs one inference on the calling thread: with no argument on the tensors set before, or with
   * `{ inputName: Tensor | TypedArray }` or `[Tensor | TypedArray, ...]` (TypedArrays take the
   * input's shape and element type). Returns `{ outputName: Tensor }`.
   */
  infer(inputData?: { [inputName: string]: Tensor | SupportedTypedArray } | Tensor[] | SupportedTypedArray[]): {
    [outputName: string]: Tensor;
  };
  infer(...args: unknown[]): Record<string, Tensor> {
    if (args.length > 1) throw incorrectParameters('infer');
    if (args.length === 1 && args[0] !== undefined) this.#setInputs(args[0]);
    const result = native(() => this.#runtime.infer());
    return this.#wrapResult(result);
  }

  /**
   * Runs one inference on a worker thread (the event loop keeps running). Bad arguments throw at
   * once, as in openvino-node; the returned Promise resolves with `{ outputName: Tensor }`.
   */
  inferAsync(
    inputData?: { [inputName: string]: Tensor | SupportedTypedArray } | Tensor[] | SupportedTypedArray[],
  ): Promise<{
    [outputName: string]: Tensor;
  }>;
  inferAsync(...args: unknown[]): Promise<Record<string, Tensor>> {
    if (args.length > 1) throw incorrectParameters('inferAsync');
    const inputs = args.length === 1 && args[0] !== undefined ? this.#inputTensors(args[0]) : [];
    const run = (): Promise<Record<string, Tensor>> => {
      for (const [index, tensor] of inputs) this.#setInput(index, tensor);
      return nativeAsync(this.#runtime.inferAsync()).then((result) => this.#wrapResult(result));
    };
    // One inference at a time per request: a call made while one runs starts when it ends.
    const result = this.#pending === 0 ? run() : this.#running.then(run, run);
    this.#pending += 1;
    this.#running = result.then(
      () => {
        this.#pending -= 1;
      },
      () => {
        this.#pending -= 1;
      },
    );
    return result;
  }

  #wrapResult(result: RuntimeResult): Record<string, Tensor> {
    const wrapped: Record<string, Tensor> = {};
    const outputs = this.#runtime.outputs;
    for (const [key, value] of Object.entries(result)) {
      const index = outputs.findIndex((port) => (port.name || String(port.index)) === key);
      const own = index >= 0 ? this.#outputs[index] : undefined;
      wrapped[key] = own ?? tensorFromRuntime(value);
    }
    return wrapped;
  }

  #setInputs(data: unknown): void {
    for (const [index, tensor] of this.#inputTensors(data)) this.#setInput(index, tensor);
  }

  /** Checks inference inputs and turns them into (input index, Tensor) pairs. */
  #inputTensors(data: unknown): [number, Tensor][] {
    if (ArrayBuffer.isView(data)) {
      throw new OpenVinoNodeError('TypedArray cannot be passed directly into infer() method.');
    }
    const ports = this.#runtime.inputs;
    if (Array.isArray(data)) {
      if (data.length > ports.length) {
        throw new OpenVinoNodeError(
          `Invalid argument: ${data.length} inputs were passed but the model has ${ports.length}.`,
        );
      }
      return data.map((value, index) => [index, this.#toTensor(value, index)]);
    }
    if (typeof data !== 'object' || data === null) {
      throw new OpenVinoNodeError(
        'Invalid argument: infer() takes an object { inputName: Tensor } or an array of Tensors.',
      );
    }
    return Object.entries(data).map(([name, value]) => {
      const index = ports.findIndex((port) => port.name === name);
      if (index < 0) throw portNotFound('input', name);
      return [index, this.#toTensor(value, index)];
    });
  }

  #toTensor(value: unknown, index: number): Tensor {
    if (value instanceof Tensor) return value;
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      if (value.byteOffset !== 0) throw new OpenVinoNodeError('TypedArray.byteOffset has to be equal to zero.');
      const port = this.#runtime.inputs[index];
      if (!port || port.isDynamic) {
        throw new OpenVinoNodeError(
          `Input ${index} has a dynamic shape: pass a Tensor with its concrete shape instead of a TypedArray.`,
        );
      }
      return new Tensor(port.elementType as 'f32', [...port.partialShape], value as Float32Array);
    }
    if (typeof value === 'object' && value !== null) {
      throw new OpenVinoNodeError('Invalid argument: expected a Tensor or a TypedArray.');
    }
    throw new OpenVinoNodeError('Cannot create a tensor from the passed Napi::Value.');
  }

  #setInput(index: number, tensor: Tensor): void {
    native(() => this.#runtime.setInputTensor(index, runtimeTensorOf(tensor)));
    this.#inputs[index] = tensor;
  }

  #setOutput(index: number, tensor: Tensor): void {
    native(() => this.#runtime.setOutputTensor(index, runtimeTensorOf(tensor)));
    this.#outputs[index] = tensor;
  }

  #getInput(index: number): Tensor {
    const own = this.#inputs[index];
    if (own) return own;
    return tensorFromRuntime(native(() => this.#runtime.getInputTensor(index)));
  }

  #getOutput(index: number): Tensor {
    const own = this.#outputs[index];
    if (own) return own;
    return tensorFromRuntime(native(() => this.#runtime.getOutputTensor(index)));
  }

  #findByName(name: string): { kind: 'input' | 'output'; index: number } {
    const input = this.#runtime.inputs.findIndex((port) => port.name === name);
    if (input >= 0) return { kind: 'input', index: input };
    const output = this.#runtime.outputs.findIndex((port) => port.name === name);
    if (output >= 0) return { kind: 'output', index: output };
    throw new OpenVinoNodeError(`Port for tensor name ${name} was not found.`);
  }

  #optionalIndex(args: readonly unknown[], kind: 'input' | 'output', method: string): number {
    const count = kind === 'input' ? this.#runtime.inputs.length : this.#runtime.outputs.length;
    if (args.length === 0 || args[0] === undefined) {
      if (count !== 1) {
        throw new OpenVinoNodeError(
          `${method}() without an index needs a model with one ${kind}; this one has ${count}.`,
        );
      }
      return 0;
    }
    const [index] = args;
    if (args.length > 1 || typeof index !== 'number') throw incorrectParameters(method);
    if (!Number.isInteger(index) || index < 0 || index >= count) throw portNotFound(kind, index);
    return index;
  }

  #indexAndTensor(args: readonly unknown[], kind: 'input' | 'output', method: string): [number, Tensor] {
    const count = kind === 'input' ? this.#runtime.inputs.length : this.#runtime.outputs.length;
    if (args.length === 1) {
      if (!(args[0] instanceof Tensor)) throw new OpenVinoNodeError('Argument #1 must be a Tensor.');
      if (count !== 1) {
        throw new OpenVinoNodeError(`${method}(tensor) needs a model with one ${kind}; this one has ${count}.`);
      }
      return [0, args[0]];
    }
    const [index, tensor] = args;
    if (args.length !== 2 || typeof index !== 'number') {
      throw new OpenVinoNodeError(
        `${method}(): invalid argument. Expected (tensor) or (index: number, tensor: Tensor).`,
      );
    }
    if (!Number.isInteger(index) || index < 0 || index >= count) throw portNotFound(kind, index);
    if (!(tensor instanceof Tensor)) throw new OpenVinoNodeError('Argument #2 must be a Tensor.');
    return [index, tensor];
  }
}
