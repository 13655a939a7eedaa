import type { TensorElementType } from '../element-type.js';

/** KServe v2 tensor datatypes hubvino can send and receive (BYTES, strings, is not one of them). */
export type KServeDatatype =
  | 'BOOL'
  | 'UINT8'
  | 'UINT16'
  | 'UINT32'
  | 'UINT64'
  | 'INT8'
  | 'INT16'
  | 'INT32'
  | 'INT64'
  | 'FP16'
  | 'BF16'
  | 'FP32'
  | 'FP64';

const toElement: Readonly<Record<KServeDatatype, TensorElementType>> = {
  BOOL: 'boolean',
  UINT8: 'u8',
  UINT16: 'u16',
  UINT32: 'u32',
  UINT64: 'u64',
  INT8: 'i8',
  INT16: 'i16',
  INT32: 'i32',
  INT64: 'i64',
  FP16: 'f16',
  BF16: 'bf16',
  FP32: 'f32',
  FP64: 'f64',
};

const toDatatype = Object.fromEntries(
  Object.entries(toElement).map(([datatype, element]) => [element, datatype]),
) as Readonly<Partial<Record<TensorElementType, KServeDatatype>>>;

/** The OpenVINO element type of a v2 datatype, or undefined for one hubvino does not handle (BYTES). */
export function elementTypeOfDatatype(datatype: string): TensorElementType | undefined {
  return Object.hasOwn(toElement, datatype) ? toElement[datatype as KServeDatatype] : undefined;
}

/** The v2 datatype of an OpenVINO element type, or undefined (`dynamic`). */
export function datatypeOfElementType(elementType: TensorElementType): KServeDatatype | undefined {
  return toDatatype[elementType];
}
