import type { ElementType } from '../element-type.js';

/** `ov_element_type_e` values (openvino/c/ov_common.h), in declaration order. */
const codes: readonly string[] = [
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
];

const byName = new Map<string, number>(codes.map((name, index) => [name, index]));

/** The `ov_element_type_e` value of `elementType`. */
export function elementTypeCode(elementType: ElementType): number {
  const code = byName.get(elementType);
  if (code === undefined) throw new Error(`no ov_element_type_e for ${elementType}`);
  return code;
}

/**
 * The name of an `ov_element_type_e` value. Types hubvino cannot hold in a typed array (`i4`,
 * `nf4`, `string`, ...) keep OpenVINO's name so that error messages can say what was found.
 */
export function elementTypeName(code: number): ElementType {
  return (codes[code] ?? `unknown(${code})`) as ElementType;
}
