import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { portSchema } from './artifact/manifest.js';
import { elementTypes, isElementType } from './element-type.js';
import { elementTypeCode, elementTypeName } from './openvino/element-type-codes.js';
import { locateOpenVino } from './toolchain/locate-openvino.js';

/** The `ov_element_type_e` names of the provisioned OpenVINO's C header, in declaration order. */
function headerElementTypes(): string[] {
  const include = locateOpenVino().includeDirectory;
  if (!include) throw new Error('the provisioned OpenVINO has no include directory');
  const header = readFileSync(join(include, 'openvino', 'c', 'ov_common.h'), 'utf8');
  const body = /typedef enum \{([^}]*)\}\s*ov_element_type_e;/.exec(header)?.[1] ?? '';
  // Each line is `NAME,  //!< <name> element type`; the comment has OpenVINO's spelling
  // (the enum constant F8E5M3 is documented as f8e5m2). U1 is documented as "binary".
  return [...body.matchAll(/^\s*([A-Z0-9_]+)\b[^/]*\/\/!<\s*(\S+)/gm)].map(([, constant, comment]) =>
    constant === 'U1' ? 'u1' : constant === 'DYNAMIC' ? 'dynamic' : (comment as string).toLowerCase(),
  );
}

describe('element types', () => {
  it("are one list in ov_element_type_e's order, matching the provisioned OpenVINO's C header", () => {
    const fromHeader = headerElementTypes();
    expect(fromHeader).toContain('f8e8m0');
    expect([...elementTypes]).toEqual(fromHeader);
    elementTypes.forEach((name, code) => {
      expect(isElementType(name)).toBe(true);
      expect(elementTypeName(code)).toBe(name);
      expect(elementTypeCode(name)).toBe(code);
    });
  });

  it('are all accepted in a manifest port, and nothing else is', () => {
    for (const elementType of elementTypes) {
      expect(portSchema.parse({ name: 'x', shape: [1], elementType }).elementType).toBe(elementType);
    }
    expect(portSchema.safeParse({ name: 'x', shape: [1], elementType: 'float32' }).success).toBe(false);
    expect(portSchema.safeParse({ name: 'x', shape: [1], elementType: 'undefined' }).success).toBe(false);
  });
});
