/** Element types the TensorFlow reference exchanges (what tfjs-node can hand to a SavedModel). */
export type TensorDataType = 'float32' | 'int32' | 'bool' | 'string';

/** The typed array (or string list) that holds a tensor's elements for each {@link TensorDataType}. */
export interface TensorDataArrays {
  float32: Float32Array;
  int32: Int32Array;
  /** One byte per element, 0 or 1. */
  bool: Uint8Array;
  string: string[];
}

/**
 * A dense tensor in row-major order, independent of TensorFlow and OpenVINO: the common currency of
 * the reference, the converter's validation and the benchmarks.
 */
export interface TensorData<T extends TensorDataType = TensorDataType> {
  dtype: T;
  /** Concrete dimensions (no -1); `[]` for a scalar. */
  shape: number[];
  /** `shape`'s product elements. */
  data: TensorDataArrays[T];
}

/** Number of elements of a concrete shape (1 for a scalar). */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, dimension) => product * dimension, 1);
}

/** A float32 tensor from its data and shape (a convenience for the common case). */
export function float32Tensor(data: Float32Array, shape: number[]): TensorData<'float32'> {
  return { dtype: 'float32', shape, data };
}
