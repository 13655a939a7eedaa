import { Tensor as RuntimeTensor } from '@hubvino/runtime';
import {
  arrayClassOf,
  isTensorElementType,
  runtimeElementType,
  type SupportedTypedArray,
  type TensorElementType,
} from './element.js';
import { native, OpenVinoNodeError } from './errors/openvino-node-error.js';

type NumericType = Exclude<TensorElementType, 'string'>;

const internal = Symbol('hubvino.openvino-node.tensor');

/** Set while {@link tensorFromRuntime} constructs a Tensor around existing data. */
let adopting: [TensorElementType, number[], SupportedTypedArray] | undefined;

/** Internal: builds a Tensor over the data of a runtime Tensor (no copy). */
export function tensorFromRuntime(runtime: RuntimeTensor): Tensor {
  adopting = [runtime.elementType as NumericType, [...runtime.shape], runtime.data as SupportedTypedArray];
  try {
    return Reflect.construct(Tensor, []) as Tensor;
  } finally {
    adopting = undefined;
  }
}

/** Internal: the runtime Tensor over a Tensor's current data (created once per shape/data). */
export function runtimeTensorOf(tensor: Tensor): RuntimeTensor {
  return tensor[runtimeTensorKey]();
}

const runtimeTensorKey = Symbol('hubvino.openvino-node.runtimeTensor');

function isTypedArray(value: unknown): value is SupportedTypedArray {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

function shapeFrom(value: unknown): number[] {
  if (Array.isArray(value)) {
    if (!value.every((dimension) => typeof dimension === 'number')) {
      throw new OpenVinoNodeError('Passed array must contain only numbers.');
    }
    return value.map((dimension) => {
      const integer = Math.trunc(dimension as number);
      if (!Number.isSafeInteger(integer) || integer < 0) {
        throw new OpenVinoNodeError(`Shape dimensions must be non-negative integers, got ${dimension}.`);
      }
      return integer;
    });
  }
  if (isTypedArray(value)) {
    if (!(value instanceof Int32Array || value instanceof Uint32Array)) {
      throw new OpenVinoNodeError('Passed argument must be an Int32Array or a Uint32Array.');
    }
    return Array.from(value, (dimension) => Number(dimension));
  }
  throw new OpenVinoNodeError('Passed argument must be of type Array or TypedArray.');
}

function elementTypeFrom(value: unknown): TensorElementType {
  if (!isTensorElementType(value)) {
    throw new OpenVinoNodeError(
      `Cannot create ov::element::Type from ${JSON.stringify(value)}: use one of ov.element (u8, i8, u16, i16, u32, i32, u64, i64, f32, f64, string) or f16, bf16, boolean.`,
    );
  }
  return value;
}

const product = (shape: readonly number[]): number => shape.reduce((size, dimension) => size * dimension, 1);

/**
 * openvino-node's Tensor: an element type, a shape and data. A numeric Tensor shares memory with
 * the TypedArray it was created with (writes to either are seen by the other and by the next
 * inference); a string Tensor holds JavaScript strings.
 */
export class Tensor {
  #type!: TensorElementType;
  #shape!: number[];
  #data!: SupportedTypedArray | string[];
  /** Bytes of memory behind #data (its capacity for setShape). */
  #capacity!: number;
  /** True when the memory was allocated here (setShape may reallocate it). */
  #owned!: boolean;
  #runtime: RuntimeTensor | undefined;

  /**
   * `new Tensor(type, shape)`, `new Tensor(type, shape, typedArray)` or `new Tensor(strings)`.
   */
  constructor(type: TensorElementType, shape: number[] | Int32Array | Uint32Array, tensorData?: SupportedTypedArray);
  constructor(tensorData: string[]);
  constructor(...args: unknown[]) {
    if (adopting) {
      const [type, shape, data] = adopting;
      adopting = undefined;
      this[internal](type, shape, data, false);
      return;
    }
    if (args.length === 0 || args.length > 3) {
      throw new OpenVinoNodeError('Invalid number of arguments for Tensor constructor.');
    }
    if (args.length === 1) {
      const [strings] = args;
      if (!Array.isArray(strings)) throw new OpenVinoNodeError('Invalid number of arguments for Tensor constructor.');
      if (!strings.every((item) => typeof item === 'string')) {
        throw new OpenVinoNodeError('The array passed to create string tensor must contain only strings.');
      }
      this[internal]('string', [strings.length], [...strings], true);
      return;
    }
    const type = elementTypeFrom(args[0]);
    const shape = shapeFrom(args[1]);
    const size = product(shape);
    if (type === 'string') {
      if (args.length === 3)
        throw new OpenVinoNodeError('Third argument of a string tensor is not supported; use new Tensor(strings).');
      this[internal]('string', shape, new Array<string>(size).fill(''), true);
      return;
    }
    const arrayClass = arrayClassOf(type);
    if (args.length === 2) {
      this[internal](type, shape, new arrayClass(size), true);
      return;
    }
    const data = args[2];
    if (!isTypedArray(data)) throw new OpenVinoNodeError('Third argument of a tensor must be TypedArray.');
    if (data.byteLength !== size * arrayClass.BYTES_PER_ELEMENT) {
      throw new OpenVinoNodeError(
        `Memory allocated using shape and element::type mismatch passed data's size: shape [${shape.join(',')}] of ${type} needs ${size * arrayClass.BYTES_PER_ELEMENT} bytes, the ${data.constructor.name} has ${data.byteLength}.`,
      );
    }
    let view: SupportedTypedArray = data;
    if (!(data instanceof (arrayClass as unknown as typeof Uint8Array))) {
      if (data.byteOffset % arrayClass.BYTES_PER_ELEMENT !== 0) {
        throw new OpenVinoNodeError(
          `The ${data.constructor.name} is not aligned for ${type} data (byteOffset ${data.byteOffset}).`,
        );
      }
      view = new arrayClass(data.buffer, data.byteOffset, size);
    }
    this[internal](type, shape, view, false);
  }

  /** Internal initialiser shared by the constructor and {@link tensorFromRuntime}. */
  [internal](type: TensorElementType, shape: number[], data: SupportedTypedArray | string[], owned: boolean): void {
    this.#type = type;
    this.#shape = shape;
    this.#data = data;
    this.#capacity = Array.isArray(data) ? data.length : data.byteLength;
    this.#owned = owned;
    this.#runtime = undefined;
  }

  /** Internal: the runtime Tensor over the current data. */
  [runtimeTensorKey](): RuntimeTensor {
    if (this.#type === 'string') {
      throw new OpenVinoNodeError(
        'String tensors cannot be passed to inference by @hubvino/openvino-node: the OpenVINO C API it runs on has no way to read strings back out of a request, so string models are not supported.',
        'ERR_OV_UNSUPPORTED',
      );
    }
    if (!this.#runtime) {
      const data = this.#data as SupportedTypedArray;
      this.#runtime = native(() => new RuntimeTensor(runtimeElementType(this.#type as NumericType), this.#shape, data));
    }
    return this.#runtime;
  }

  /**
   * The data: the TypedArray that backs the tensor (shared, not a copy), or the strings of a
   * string tensor. Setting it copies a TypedArray (or Array) of the same byte size in.
   */
  get data(): SupportedTypedArray | string[] {
    return this.#data;
  }

  set data(value: SupportedTypedArray | string[] | number[]) {
    if (this.#type === 'string') {
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
        throw new OpenVinoNodeError('The array passed to set string tensor data must contain only strings.');
      }
      if (value.length !== (this.#data as string[]).length) {
        throw new OpenVinoNodeError('Passed array must have the same size as the Tensor!');
      }
      this.#data = [...value];
      return;
    }
    const target = this.#data as SupportedTypedArray;
    let source: SupportedTypedArray;
    if (Array.isArray(value)) {
      const arrayClass = arrayClassOf(this.#type as NumericType);
      if (value.length !== target.length)
        throw new OpenVinoNodeError('Passed array must have the same size as the Tensor!');
      source = new arrayClass(value.length);
      (source as unknown as { set(values: ArrayLike<unknown>): void }).set(value as unknown as ArrayLike<unknown>);
    } else if (isTypedArray(value)) {
      source = value;
    } else {
      throw new OpenVinoNodeError('Passed argument must be TypedArray, or Array.');
    }
    if (source.byteLength !== target.byteLength) {
      throw new OpenVinoNodeError('Passed array must have the same size as the Tensor!');
    }
    new Uint8Array(target.buffer, target.byteOffset, target.byteLength).set(
      new Uint8Array(source.buffer, source.byteOffset, source.byteLength),
    );
  }

  /** Same as {@link data}. */
  getData(): SupportedTypedArray | string[];
  getData(...args: unknown[]): SupportedTypedArray | string[] {
    if (args.length > 0) throw new OpenVinoNodeError('getData() does not accept any arguments.');
    return this.#data;
  }

  /** The element type (`'f32'`, ...). */
  getElementType(): TensorElementType;
  getElementType(...args: unknown[]): TensorElementType {
    if (args.length > 0) throw new OpenVinoNodeError('getElementType() does not accept any arguments.');
    return this.#type;
  }

  /** The dimensions (a copy). */
  getShape(): number[];
  getShape(...args: unknown[]): number[] {
    if (args.length > 0) throw new OpenVinoNodeError('No parameters are allowed for the getShape() method.');
    return [...this.#shape];
  }

  /** Number of elements. */
  getSize(): number;
  getSize(...args: unknown[]): number {
    if (args.length > 0) throw new OpenVinoNodeError('getSize() does not accept any arguments.');
    return product(this.#shape);
  }

  /** Always true: a Tensor here is one dense block of memory. */
  isContinuous(): boolean;
  isContinuous(...args: unknown[]): boolean {
    if (args.length > 0) throw new OpenVinoNodeError('isContinuous() does not accept any arguments.');
    return true;
  }

  /**
   * Changes the shape. A tensor that allocated its own memory grows it (the data is then zeroed,
   * like OpenVINO's reallocation); one over a caller's TypedArray can only shrink within it.
   */
  setShape(shape: number[]): void;
  setShape(...args: unknown[]): void {
    if (args.length !== 1) throw new OpenVinoNodeError('setShape() expects one argument: the new shape.');
    const shape = shapeFrom(args[0]);
    const size = product(shape);
    if (this.#type === 'string') {
      const strings = this.#data as string[];
      this.#data =
        size <= strings.length
          ? strings.slice(0, size)
          : [...strings, ...new Array<string>(size - strings.length).fill('')];
      this.#shape = shape;
      return;
    }
    const arrayClass = arrayClassOf(this.#type as NumericType);
    const bytes = size * arrayClass.BYTES_PER_ELEMENT;
    const current = this.#data as SupportedTypedArray;
    if (bytes <= this.#capacity) {
      this.#data = new arrayClass(current.buffer, current.byteOffset, size);
    } else if (this.#owned) {
      this.#data = new arrayClass(size);
      this.#capacity = bytes;
    } else {
      throw new OpenVinoNodeError(
        `Could set new shape: [${shape.join(',')}] needs ${bytes} bytes but the tensor wraps a caller's TypedArray of ${this.#capacity} bytes.`,
      );
    }
    this.#shape = shape;
    this.#runtime = undefined;
  }

  /** Copies the data into `tensor`, which must have the same element type and shape. */
  copyTo(tensor: Tensor): void;
  copyTo(...args: unknown[]): void {
    const [target] = args;
    if (args.length !== 1 || !(target instanceof Tensor)) {
      throw new OpenVinoNodeError('copyTo() expects one argument: the destination Tensor.');
    }
    if (target.#type !== this.#type) {
      throw new OpenVinoNodeError(`Tensor element types are not equal: ${this.#type} and ${target.#type}.`);
    }
    if (target.#shape.length !== this.#shape.length || target.#shape.some((d, i) => d !== this.#shape[i])) {
      throw new OpenVinoNodeError(
        `Tensor shapes are not equal: [${this.#shape.join(',')}] and [${target.#shape.join(',')}].`,
      );
    }
    if (this.#type === 'string') {
      target.#data = [...(this.#data as string[])];
      return;
    }
    target.data = this.#data as SupportedTypedArray;
  }
}
