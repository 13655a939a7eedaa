import { NativeHandle, NativeObject } from './disposable.js';
import { type TensorData, type TensorElementType, typedArrayFor } from './element-type.js';
import { ArgumentError } from './errors/argument-error.js';
import { DetachedBufferError } from './errors/detached-buffer-error.js';
import { RequestBusyError } from './errors/request-busy-error.js';
import {
  cancelInference,
  freeInferRequest,
  getInputTensor,
  getOutputTensor,
  infer,
  NativeCompletion,
  setInputTensor,
} from './openvino/native-infer-request.js';
import {
  copyTensorData,
  createTensor,
  createTensorOverSharedMemory,
  DataWindow,
  freeTensor,
  tensorElementType,
  tensorMemory,
  tensorShape,
} from './openvino/native-tensor.js';
import { findPort, formatShape, type Port, portKey, shapeFits } from './port.js';
import { Tensor } from './tensor.js';

/** One input value: a Tensor, or a typed array shaped like the (static) input port. */
export type InferInput = Tensor | TensorData;

/**
 * Inputs of an inference: `{ inputName: value }`, `[value0, value1, ...]` by index, or a single
 * value for a one-input model.
 */
export type InferInputs = InferInput | readonly InferInput[] | Readonly<Record<string, InferInput>>;

/** Outputs of an inference by output name (the index as a string when an output has no name). */
export type InferResult = Record<string, Tensor>;

interface BoundInput {
  tensor: Tensor;
  /** Held so that the data stays available even if the Tensor is disposed; copied in at each inference. */
  data: TensorData;
  /** The data's size in bytes when it was set; a detached buffer reads 0. */
  byteLength: number;
  /** Created here from a typed array, so disposed here when replaced. */
  owned: boolean;
  /**
   * For inputs: the OpenVINO-owned input tensor's memory, which the data is copied into at each
   * inference. Valid while the native tensor (held in the request's `nativeInputs`) is. Absent for
   * data in a SharedArrayBuffer, which OpenVINO reads in place (`data` keeps it alive meanwhile).
   */
  target?: Uint8Array;
}

/**
 * Runs inferences of a {@link CompiledModel}. `infer()` runs on the calling thread; `inferAsync()`
 * runs on OpenVINO's own executor (`start_async` + completion callback, no libuv pool thread) and
 * leaves the event loop free. One request runs one inference at
 * a time: a second concurrent call throws {@link RequestBusyError} (use several requests or an
 * {@link InferQueue} for concurrency).
 *
 * Output tensors are copied out of OpenVINO into fresh typed arrays, so results stay valid after
 * later inferences and after the request is disposed.
 */
export class InferRequest extends NativeObject {
  readonly #inputs: readonly Port[];
  readonly #outputs: readonly Port[];
  readonly #outputKeys: readonly string[];
  readonly #bound: (BoundInput | undefined)[];
  readonly #boundOutputs: (BoundInput | undefined)[];
  /** The OpenVINO input tensors set on the request, freed with it (or when replaced). */
  readonly #nativeInputs: (bigint | undefined)[];
  /** Reused views of the request's own output memory (see DataWindow). */
  readonly #outputWindows: DataWindow[];
  #busy = false;
  /** Set up on the first inferAsync(); freed right after the native request. */
  readonly #completionSlot: { current?: NativeCompletion };

  /** Internal: use {@link CompiledModel.createInferRequest}. */
  constructor(pointer: bigint, parent: NativeHandle, inputs: readonly Port[], outputs: readonly Port[]) {
    const completion: { current?: NativeCompletion } = {};
    const nativeInputs: (bigint | undefined)[] = new Array(inputs.length).fill(undefined);
    super(
      new NativeHandle(
        pointer,
        (request) => {
          freeInferRequest(request);
          completion.current?.dispose();
          for (const tensor of nativeInputs.splice(0)) if (tensor !== undefined) freeTensor(tensor);
        },
        parent,
      ),
    );
    this.#completionSlot = completion;
    this.#inputs = inputs;
    this.#outputs = outputs;
    this.#outputKeys = outputs.map(portKey);
    this.#bound = new Array(inputs.length).fill(undefined);
    this.#boundOutputs = new Array(outputs.length).fill(undefined);
    this.#nativeInputs = nativeInputs;
    this.#outputWindows = outputs.map(() => new DataWindow());
  }

  /** The compiled model's inputs. */
  get inputs(): readonly Port[] {
    return this.#inputs;
  }

  /** The compiled model's outputs. */
  get outputs(): readonly Port[] {
    return this.#outputs;
  }

  /** True while an `inferAsync()` is running. */
  get busy(): boolean {
    return this.#busy;
  }

  /**
   * Sets an input: `setInputTensor(tensor)` for a one-input model, or
   * `setInputTensor(nameOrIndex, tensor)`.
   * @throws ArgumentError for an unknown input, a wrong element type or shape; RequestBusyError while running.
   */
  setInputTensor(nameOrIndexOrTensor: string | number | InferInput, tensor?: InferInput): void {
    this.#assertIdle();
    if (tensor === undefined) {
      this.#bind(
        findPort(this.#inputs, undefined, 'nameOrIndex', 'input'),
        nameOrIndexOrTensor as InferInput,
        'tensor',
      );
    } else {
      const port = findPort(this.#inputs, nameOrIndexOrTensor as string | number, 'nameOrIndex', 'input');
      this.#bind(port, tensor, 'tensor');
    }
  }

  /**
   * Makes every inference deliver an output into `tensor`: `setOutputTensor(tensor)` for a
   * one-output model, or `setOutputTensor(nameOrIndex, tensor)`. Like inputs, the data is copied
   * (out of OpenVINO's memory into the tensor's, when the inference ends), so OpenVINO never holds
   * JavaScript memory; the result then holds this very Tensor for that output.
   * @throws ArgumentError for an unknown output, a wrong element type or shape; RequestBusyError while running.
   */
  setOutputTensor(nameOrIndexOrTensor: string | number | Tensor, tensor?: Tensor): void {
    this.#assertIdle();
    const value = tensor === undefined ? nameOrIndexOrTensor : tensor;
    const port =
      tensor === undefined
        ? findPort(this.#outputs, undefined, 'nameOrIndex', 'output')
        : findPort(this.#outputs, nameOrIndexOrTensor as string | number, 'nameOrIndex', 'output');
    if (!(value instanceof Tensor)) throw new ArgumentError(`'tensor' must be a Tensor`, { argument: 'tensor' });
    if (port.elementType !== 'dynamic' && value.elementType !== port.elementType) {
      throw new ArgumentError(`'tensor' is ${value.elementType} but output '${portKey(port)}' is ${port.elementType}`, {
        argument: 'tensor',
      });
    }
    if (!shapeFits(port, value.shape)) {
      throw new ArgumentError(
        `'tensor' has shape ${formatShape(value.shape)} but output '${portKey(port)}' is ${formatShape(port.partialShape)}`,
        { argument: 'tensor' },
      );
    }
    this.#boundOutputs[port.index] = { tensor: value, data: value.data, byteLength: value.byteLength, owned: false };
  }

  /** Sets an input by tensor name (same as `setInputTensor(name, tensor)`). */
  setTensor(name: string, tensor: InferInput): void {
    this.setInputTensor(name, tensor);
  }

  /**
   * The Tensor currently set on an input (the one passed in), or a copy of OpenVINO's own input
   * tensor when none was set.
   */
  getInputTensor(nameOrIndex?: string | number): Tensor {
    const port = findPort(this.#inputs, nameOrIndex, 'nameOrIndex', 'input');
    const bound = this.#bound[port.index];
    if (bound && !bound.tensor.disposed) return bound.tensor;
    const pointer = this.pointer;
    const tensor = getInputTensor(pointer, port.index);
    try {
      return copyOut(tensor, port);
    } finally {
      freeTensor(tensor);
    }
  }

  /** A copy of an output after the last inference (by name or index; no argument for the only output). */
  getOutputTensor(nameOrIndex?: string | number): Tensor {
    this.#assertIdle();
    const port = findPort(this.#outputs, nameOrIndex, 'nameOrIndex', 'output');
    const tensor = getOutputTensor(this.pointer, port.index);
    try {
      return copyOut(tensor, port);
    } finally {
      freeTensor(tensor);
    }
  }

  /** An input or output by tensor name (inputs first). */
  getTensor(name: string): Tensor {
    if (this.#inputs.some((port) => port.name === name)) return this.getInputTensor(name);
    return this.getOutputTensor(name);
  }

  /**
   * Runs one inference on the calling thread (blocks the event loop for its duration) and returns
   * every output.
   * @throws ArgumentError for bad inputs; RequestBusyError while an inferAsync() runs; OpenVinoError.
   */
  infer(inputs?: InferInputs): InferResult {
    this.#assertIdle();
    const pointer = this.pointer;
    if (inputs !== undefined) this.#setInputs(inputs);
    this.#copyInputs();
    infer(pointer);
    return this.#collect(pointer);
  }

  /**
   * Runs one inference on OpenVINO's executor and resolves with every output. No libuv pool thread
   * is used, so any number of requests can run next to file or image work; the event loop keeps
   * running. Disposing the request meanwhile is safe: the native request is freed after it ends.
   * @throws (rejects) ArgumentError for bad inputs; RequestBusyError when this request is already
   *   running; OpenVinoError when the inference fails or was cancelled with {@link cancel}.
   */
  async inferAsync(inputs?: InferInputs): Promise<InferResult> {
    this.#assertIdle();
    const handle = this.handle;
    if (inputs !== undefined) this.#setInputs(inputs);
    this.#copyInputs();
    const slot = this.#completionSlot;
    slot.current ??= new NativeCompletion(handle.pointer);
    const done = slot.current.start();
    this.#busy = true;
    handle.retain();
    try {
      await done;
      return this.#collect(handle.pointer);
    } finally {
      this.#busy = false;
      if (this.disposed) this.#releaseBound();
      handle.release();
    }
  }

  /**
   * Asks OpenVINO to stop the running `inferAsync()`; it then rejects with an OpenVinoError (or
   * resolves, when the inference had already ended). Does nothing while idle.
   */
  cancel(): void {
    if (this.#busy) cancelInference(this.pointer);
  }

  protected override onDispose(): void {
    // A request that is running keeps its inputs until it ends (the handle is retained meanwhile).
    if (this.#busy) return;
    this.#releaseBound();
  }

  #releaseBound(): void {
    for (let index = 0; index < this.#bound.length; index += 1) {
      const bound = this.#bound[index];
      if (bound?.owned) bound.tensor.dispose();
      this.#bound[index] = undefined;
    }
    this.#boundOutputs.fill(undefined);
  }

  #assertIdle(): void {
    if (this.#busy)
      throw new RequestBusyError(
        'InferRequest is busy with another inference; await it, create another InferRequest, or use an InferQueue for concurrency',
      );
  }

  #setInputs(inputs: InferInputs): void {
    if (inputs instanceof Tensor || ArrayBuffer.isView(inputs)) {
      this.#bind(findPort(this.#inputs, undefined, 'inputs', 'input'), inputs as InferInput, 'inputs');
      return;
    }
    if (Array.isArray(inputs)) {
      if (inputs.length > this.#inputs.length) {
        throw new ArgumentError(
          `'inputs' has ${inputs.length} values but the model has ${this.#inputs.length} inputs`,
          { argument: 'inputs' },
        );
      }
      for (let index = 0; index < inputs.length; index += 1) {
        const value = inputs[index];
        if (value !== undefined) this.#bind(this.#inputs[index] as Port, value, `inputs[${index}]`);
      }
      return;
    }
    if (inputs === null || typeof inputs !== 'object') {
      throw new ArgumentError(`'inputs' must be a Tensor, a typed array, an array or { inputName: Tensor }`, {
        argument: 'inputs',
      });
    }
    for (const key in inputs) {
      const value = (inputs as Record<string, InferInput>)[key] as InferInput;
      this.#bind(findPort(this.#inputs, key, 'inputs', 'input'), value, `inputs.${key}`);
    }
  }

  #bind(port: Port, value: InferInput, argument: string): void {
    const current = this.#bound[port.index];
    let tensor: Tensor;
    let owned = false;
    if (value instanceof Tensor) {
      if (current?.tensor === value && !value.disposed) return;
      if (port.elementType !== 'dynamic' && value.elementType !== port.elementType) {
        throw new ArgumentError(
          `'${argument}' is ${value.elementType} but input '${portKey(port)}' expects ${port.elementType}`,
          { argument: argument },
        );
      }
      if (!shapeFits(port, value.shape)) {
        throw new ArgumentError(
          `'${argument}' has shape ${formatShape(value.shape)} but input '${portKey(port)}' expects ${formatShape(port.partialShape)}`,
          { argument: argument },
        );
      }
      tensor = value;
    } else if (ArrayBuffer.isView(value)) {
      if (current?.owned && current.data === value) return;
      if (port.isDynamic) {
        throw new ArgumentError(
          `input '${portKey(port)}' has a dynamic shape ${formatShape(port.partialShape)}; pass a Tensor with its concrete shape for '${argument}'`,
          { argument: argument },
        );
      }
      const arrayType = typedArrayFor(port.elementType, argument);
      if (!(value instanceof (arrayType as unknown as typeof Uint8Array))) {
        throw new ArgumentError(
          `'${argument}' is a ${value.constructor.name} but input '${portKey(port)}' (${port.elementType}) needs a ${arrayType.name}`,
          { argument: argument },
        );
      }
      const size = port.partialShape.reduce((product, dimension) => product * dimension, 1);
      if ((value as TensorData).length !== size) {
        throw new ArgumentError(
          `'${argument}' has ${(value as TensorData).length} elements but input '${portKey(port)}' ${formatShape(port.partialShape)} needs ${size}`,
          { argument: argument },
        );
      }
      // typedArrayFor above threw unless the port's type is a TensorElementType.
      tensor = new Tensor(port.elementType as TensorElementType, port.partialShape, value as TensorData);
      owned = true;
    } else {
      throw new ArgumentError(`'${argument}' must be a Tensor or a typed array`, { argument: argument });
    }
    // Data in a SharedArrayBuffer cannot be detached, transferred away or moved, so OpenVINO reads it
    // in place, without a copy per inference; `data` in the binding keeps it alive for as long as
    // the native tensor over it is set on the request. Other memory goes into a tensor OpenVINO
    // owns; the data is copied in when each inference starts (#copyInputs), never read from
    // JavaScript memory that a transfer could free while OpenVINO runs. That tensor is kept (with a
    // view of its memory) until it is replaced or the request is freed, so each inference's copy is
    // one memcpy and no native call; a new input of the same type and shape (the next image, say)
    // reuses it.
    const inPlace = tensor.data.buffer instanceof SharedArrayBuffer;
    if (!inPlace && current?.target !== undefined && sameLayout(current.tensor, tensor)) {
      if (current.owned) current.tensor.dispose();
      this.#bound[port.index] = { ...current, tensor, data: tensor.data, byteLength: tensor.byteLength, owned };
      return;
    }
    const native = inPlace
      ? createTensorOverSharedMemory(tensor.elementType, tensor.shape, tensor.data)
      : createTensor(tensor.elementType, tensor.shape);
    let target: Uint8Array | undefined;
    try {
      setInputTensor(this.pointer, port.index, native);
      if (!inPlace) target = tensorMemory(native, tensor.byteLength);
    } catch (error) {
      freeTensor(native);
      throw error;
    }
    const replaced = this.#nativeInputs[port.index];
    this.#nativeInputs[port.index] = native;
    if (replaced !== undefined) freeTensor(replaced);
    if (current?.owned) current.tensor.dispose();
    this.#bound[port.index] = {
      tensor,
      data: tensor.data,
      byteLength: tensor.byteLength,
      owned,
      ...(target === undefined ? {} : { target }),
    };
  }

  /**
   * Copies every bound input's data into the request's OpenVINO-owned input tensors, on the calling
   * thread before the inference starts.
   * @throws DetachedBufferError when an input's ArrayBuffer was transferred away.
   */
  #copyInputs(): void {
    for (let index = 0; index < this.#bound.length; index += 1) {
      const bound = this.#bound[index];
      // No target: OpenVINO reads the SharedArrayBuffer in place.
      if (bound?.target === undefined || bound.byteLength === 0) continue;
      // A detached typed array reads as 0 bytes long.
      if (bound.data.byteLength !== bound.byteLength) {
        throw DetachedBufferError.of(portKey(this.#inputs[index] as Port));
      }
      (bound.target as Uint8Array).set(new Uint8Array(bound.data.buffer, bound.data.byteOffset, bound.data.byteLength));
    }
  }

  #collect(pointer: bigint): InferResult {
    const result: InferResult = {};
    for (let index = 0; index < this.#outputs.length; index += 1) {
      const port = this.#outputs[index] as Port;
      const tensor = getOutputTensor(pointer, index);
      try {
        const bound = this.#boundOutputs[index];
        if (bound) {
          if (bound.data.byteLength !== bound.byteLength) throw DetachedBufferError.of(portKey(port));
          copyTensorData(
            tensor,
            new Uint8Array(bound.data.buffer, bound.data.byteOffset, bound.data.byteLength),
            this.#outputWindows[index],
          );
          result[this.#outputKeys[index] as string] = bound.tensor;
        } else {
          result[this.#outputKeys[index] as string] = copyOut(tensor, port, this.#outputWindows[index]);
        }
      } finally {
        freeTensor(tensor);
      }
    }
    return result;
  }
}

/** Same element type and shape (both stay readable after a Tensor's dispose). */
function sameLayout(a: Tensor, b: Tensor): boolean {
  if (a.elementType !== b.elementType || a.shape.length !== b.shape.length) return false;
  for (let axis = 0; axis < a.shape.length; axis += 1) if (a.shape[axis] !== b.shape[axis]) return false;
  return true;
}

/** Copies an OpenVINO-owned tensor into a new JavaScript-owned Tensor. */
function copyOut(tensor: bigint, port: Port, window?: DataWindow): Tensor {
  const shape = port.isDynamic ? tensorShape(tensor) : (port.partialShape as number[]);
  const elementType = port.elementType === 'dynamic' ? tensorElementType(tensor) : port.elementType;
  const arrayType = typedArrayFor(elementType);
  const size = shape.reduce((product, dimension) => product * dimension, 1);
  const data = new arrayType(size);
  copyTensorData(tensor, new Uint8Array(data.buffer, data.byteOffset, data.byteLength), window);
  // typedArrayFor above threw unless the element type is a TensorElementType.
  return new Tensor(elementType as TensorElementType, shape, data);
}
