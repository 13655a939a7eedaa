import {
  isTensorElementType,
  type TensorData,
  type TensorElementType,
  tensorElementTypes,
  typedArrayFor,
} from './element-type.js';
import { ArgumentError } from './errors/argument-error.js';
import { DisposedError } from './errors/disposed-error.js';

function validateShape(shape: unknown): number[] {
  if (!Array.isArray(shape) || !shape.every((dimension) => Number.isSafeInteger(dimension) && dimension >= 0)) {
    throw new ArgumentError(
      `'shape' must be an array of non-negative integers such as [1, 224, 224, 3] (got ${JSON.stringify(shape)})`,
      { argument: 'shape' },
    );
  }
  return [...(shape as number[])];
}

/**
 * An n-dimensional array OpenVINO can read: element type, shape and a typed array that holds the
 * data. The typed array is held without copying, so writes to `tensor.data` are seen by the next
 * inference. An InferRequest copies ordinary memory into memory OpenVINO owns when each inference
 * starts, so transferring or detaching the array (`postMessage`, `structuredClone` with
 * `transfer`) can never free memory under a running inference. Data in a SharedArrayBuffer
 * ({@link Tensor.createShared}) cannot be detached or moved, so OpenVINO reads it in place, with no
 * copy per inference; do not write it while an inference that reads it runs.
 *
 * Element types map to typed arrays as: f32 Float32Array, f64 Float64Array, f16/bf16/u16 Uint16Array
 * (raw bits for f16/bf16), u8/boolean Uint8Array, i8 Int8Array, i16 Int16Array, i32 Int32Array,
 * u32 Uint32Array, i64 BigInt64Array, u64 BigUint64Array.
 */
export class Tensor implements Disposable {
  /** Element type, e.g. `f32`. */
  readonly elementType: TensorElementType;
  /** Dimensions, e.g. `[1, 224, 224, 3]`. */
  readonly shape: readonly number[];
  /** Number of elements (product of the shape). */
  readonly size: number;
  /** Size of the data in bytes. */
  readonly byteLength: number;
  #data: TensorData | undefined;

  /**
   * @param elementType element type (`f32`, `u8`, ...)
   * @param shape dimensions
   * @param data the typed array to wrap (see the class doc for which one); a zero-filled one is
   *   allocated when omitted. Its length must equal the product of `shape`.
   * @throws ArgumentError naming `elementType`, `shape` or `data`.
   */
  constructor(elementType: TensorElementType, shape: readonly number[], data?: TensorData) {
    if (!isTensorElementType(elementType)) {
      throw new ArgumentError(
        `'elementType' must be one of ${tensorElementTypes.join(', ')} (got ${JSON.stringify(elementType)})`,
        { argument: 'elementType' },
      );
    }
    const dimensions = validateShape(shape);
    const arrayType = typedArrayFor(elementType);
    const size = dimensions.reduce((product, dimension) => product * dimension, 1);
    if (data === undefined) {
      data = new arrayType(size);
    } else {
      if (!(data instanceof (arrayType as unknown as typeof Uint8Array))) {
        const got = ArrayBuffer.isView(data) ? data.constructor.name : typeof data;
        throw new ArgumentError(`'data' for a ${elementType} tensor must be a ${arrayType.name} (got ${got})`, {
          argument: 'data',
        });
      }
      if (data.length !== size) {
        throw new ArgumentError(
          `'data' has ${data.length} elements but shape [${dimensions.join(',')}] needs ${size}`,
          { argument: 'data' },
        );
      }
    }
    this.elementType = elementType;
    this.shape = Object.freeze(dimensions);
    this.size = size;
    this.byteLength = size * arrayType.BYTES_PER_ELEMENT;
    this.#data = data;
  }

  /**
   * A zero-filled Tensor whose data lives in a SharedArrayBuffer: InferRequests hand it to OpenVINO
   * in place instead of copying it at every inference (worth it for large inputs, or small models
   * run at high rates: a 602 KB f32 image costs about 23 µs to copy). Fill `data` before an
   * inference, not while one reads it. `new Tensor(type, shape, data)` with data in a
   * SharedArrayBuffer behaves the same.
   * @throws ArgumentError naming `elementType` or `shape`.
   */
  static createShared(elementType: TensorElementType, shape: readonly number[]): Tensor {
    if (!isTensorElementType(elementType)) return new Tensor(elementType, shape); // throws, naming it
    const dimensions = validateShape(shape);
    const arrayType = typedArrayFor(elementType);
    const size = dimensions.reduce((product, dimension) => product * dimension, 1);
    const buffer = new SharedArrayBuffer(size * arrayType.BYTES_PER_ELEMENT);
    return new Tensor(elementType, dimensions, new arrayType(buffer, 0, size));
  }

  /**
   * The typed array view of the data (no copy).
   * @throws DisposedError after dispose().
   */
  get data(): TensorData {
    if (!this.#data) throw DisposedError.of('Tensor');
    return this.#data;
  }

  /** True after dispose(). */
  get disposed(): boolean {
    return this.#data === undefined;
  }

  /** Same as {@link data}, typed for the common case. */
  getData(): TensorData {
    return this.data;
  }

  /**
   * Drops the reference to the data. An InferRequest the tensor was set on keeps its own
   * reference, so a later inference on it stays valid.
   */
  dispose(): void {
    this.#data = undefined;
  }

  /** Same as {@link dispose}. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}
