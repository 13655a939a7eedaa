import { ArgumentError } from './errors/argument-error.js';

/**
 * Tensor element types, named as OpenVINO names them (`ov::element::Type`). `f16` and `bf16` data
 * are carried as raw 16-bit patterns in a `Uint16Array`.
 */
export type ElementType =
  | 'boolean'
  | 'bf16'
  | 'f16'
  | 'f32'
  | 'f64'
  | 'i8'
  | 'i16'
  | 'i32'
  | 'i64'
  | 'u8'
  | 'u16'
  | 'u32'
  | 'u64'
  | 'dynamic';

/** The typed arrays a {@link Tensor} can wrap without copying. */
export type TensorData =
  | Float32Array
  | Float64Array
  | Uint16Array
  | Uint8Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint32Array
  | BigUint64Array;

/** The typed array constructor used for each element type. */
export interface TypedArrayConstructorLike {
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
  new (length: number): TensorData;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): TensorData;
}

const arrayTypes: Readonly<Record<Exclude<ElementType, 'dynamic'>, TypedArrayConstructorLike>> = {
  boolean: Uint8Array,
  bf16: Uint16Array,
  f16: Uint16Array,
  f32: Float32Array,
  f64: Float64Array,
  i8: Int8Array,
  i16: Int16Array,
  i32: Int32Array,
  i64: BigInt64Array,
  u8: Uint8Array,
  u16: Uint16Array,
  u32: Uint32Array,
  u64: BigUint64Array,
};

/** Every element type a Tensor can hold (all but `dynamic`). */
export const tensorElementTypes: readonly ElementType[] = Object.freeze(Object.keys(arrayTypes) as ElementType[]);

/** True when `value` is one of the {@link ElementType} names. */
export function isElementType(value: unknown): value is ElementType {
  return typeof value === 'string' && (value === 'dynamic' || Object.hasOwn(arrayTypes, value));
}

/**
 * The typed array class that holds `elementType` (`f32` -> Float32Array, `f16` -> Uint16Array,
 * `i64` -> BigInt64Array, ...).
 * @throws ArgumentError for `dynamic` or an unknown name.
 */
export function typedArrayFor(elementType: ElementType, argument = 'elementType'): TypedArrayConstructorLike {
  const type = elementType === 'dynamic' ? undefined : arrayTypes[elementType];
  if (!type) {
    throw new ArgumentError(
      `'${argument}' must be one of ${tensorElementTypes.join(', ')} (got ${JSON.stringify(elementType)})`,
      { argument: argument },
    );
  }
  return type;
}

/** Bytes per element of `elementType`. */
export function elementByteSize(elementType: ElementType): number {
  return typedArrayFor(elementType).BYTES_PER_ELEMENT;
}
