import type { TensorElementType as RuntimeTensorElementType } from '@hubvino/runtime';

/**
 * openvino-node's `element` enum: each member's value is its name (`element.f32 === 'f32'`).
 * Also accepted wherever an element type is: `f16`, `bf16`, `boolean` (Tensors carry f16/bf16 as
 * raw bits in a Uint16Array).
 */
export const element = Object.freeze({
  u8: 'u8',
  u32: 'u32',
  u16: 'u16',
  u64: 'u64',
  i8: 'i8',
  i16: 'i16',
  i32: 'i32',
  i64: 'i64',
  f32: 'f32',
  f64: 'f64',
  string: 'string',
} as const);

/** openvino-node's element type names. */
export type element = (typeof element)[keyof typeof element];

/** The element type strings openvino-node accepts (`'f32'`, ...). */
export type elementTypeString = element;

/** Element types a Tensor here can hold: openvino-node's plus `f16`, `bf16`, `boolean`. */
export type TensorElementType = element | 'f16' | 'bf16' | 'boolean';

/** The typed arrays a numeric Tensor is backed by. */
export type SupportedTypedArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

type TypedArrayClass = {
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
  new (length: number): SupportedTypedArray;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): SupportedTypedArray;
};

const arrayClasses: Readonly<Record<Exclude<TensorElementType, 'string'>, TypedArrayClass>> = {
  u8: Uint8Array,
  u16: Uint16Array,
  u32: Uint32Array,
  u64: BigUint64Array,
  i8: Int8Array,
  i16: Int16Array,
  i32: Int32Array,
  i64: BigInt64Array,
  f32: Float32Array,
  f64: Float64Array,
  f16: Uint16Array,
  bf16: Uint16Array,
  boolean: Uint8Array,
};

/** True for an element type name a Tensor can hold. */
export function isTensorElementType(value: unknown): value is TensorElementType {
  return typeof value === 'string' && (value === 'string' || Object.hasOwn(arrayClasses, value));
}

/** The typed array class of a numeric element type. */
export function arrayClassOf(type: Exclude<TensorElementType, 'string'>): TypedArrayClass {
  return arrayClasses[type];
}

/** The runtime's name for an element type (same names). */
export function runtimeElementType(type: Exclude<TensorElementType, 'string'>): RuntimeTensorElementType {
  return type;
}
