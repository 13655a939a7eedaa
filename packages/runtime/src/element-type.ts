import { ArgumentError } from './errors/argument-error.js';

/**
 * Every element type OpenVINO reports, named as OpenVINO names them (`ov::element::Type`), in the
 * order of `ov_element_type_e` in `openvino/c/ov_common.h` (OpenVINO 2026.4): a name's index is its
 * C enum value. The one list the runtime, the OpenVINO binding and the manifest schema use.
 */
export const elementTypes = Object.freeze([
  'dynamic',
  'boolean',
  'bf16',
  'f16',
  'f32',
  'f64',
  'i4',
  'i8',
  'i16',
  'i32',
  'i64',
  'u1',
  'u2',
  'u3',
  'u4',
  'u6',
  'u8',
  'u16',
  'u32',
  'u64',
  'nf4',
  'f8e4m3',
  'f8e5m2',
  'string',
  'f4e2m1',
  'f8e8m0',
] as const);

/**
 * An element type as OpenVINO reports it for a port or tensor ({@link elementTypes}). Only the
 * {@link TensorElementType}s can be held in a {@link Tensor}; `f16` and `bf16` data are carried as
 * raw 16-bit patterns in a `Uint16Array`.
 */
export type ElementType = (typeof elementTypes)[number];

/** The element types a Tensor holds in a typed array (see {@link tensorElementTypes}). */
export type TensorElementType =
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
  | 'u64';

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

const arrayTypes: Readonly<Record<TensorElementType, TypedArrayConstructorLike>> = {
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

/** Every element type a Tensor can hold in a typed array. */
export const tensorElementTypes: readonly TensorElementType[] = Object.freeze(
  Object.keys(arrayTypes) as TensorElementType[],
);

const elementTypeSet: ReadonlySet<string> = new Set(elementTypes);

/** True when `value` is one of OpenVINO's {@link ElementType} names. */
export function isElementType(value: unknown): value is ElementType {
  return typeof value === 'string' && elementTypeSet.has(value);
}

/** True when a Tensor can hold `value` ({@link tensorElementTypes}). */
export function isTensorElementType(value: unknown): value is TensorElementType {
  return typeof value === 'string' && Object.hasOwn(arrayTypes, value);
}

/**
 * The typed array class that holds `elementType` (`f32` -> Float32Array, `f16` -> Uint16Array,
 * `i64` -> BigInt64Array, ...).
 * @throws ArgumentError for `dynamic` or an unknown name.
 */
export function typedArrayFor(elementType: ElementType, argument = 'elementType'): TypedArrayConstructorLike {
  const type = isTensorElementType(elementType) ? arrayTypes[elementType] : undefined;
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
