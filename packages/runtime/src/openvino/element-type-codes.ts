import { type ElementType, elementTypes } from '../element-type.js';
import { OpenVinoError } from '../errors/openvino-error.js';

const byName = new Map<string, number>(elementTypes.map((name, index) => [name, index]));

/** The `ov_element_type_e` value of `elementType` (its index in {@link elementTypes}). */
export function elementTypeCode(elementType: ElementType): number {
  const code = byName.get(elementType);
  if (code === undefined) throw new Error(`no ov_element_type_e for ${elementType}`);
  return code;
}

/**
 * The name of an `ov_element_type_e` value.
 * @throws OpenVinoError for a code this OpenVINO version does not declare.
 */
export function elementTypeName(code: number): ElementType {
  const name = elementTypes[code];
  if (name === undefined) {
    throw new OpenVinoError(
      `OpenVINO reported element type code ${code}, which is not in ov_element_type_e of the OpenVINO hubvino was built for; use the provisioned OpenVINO (pnpm install).`,
      { code: 'ERR_UNKNOWN_ELEMENT_TYPE' },
    );
  }
  return name;
}
