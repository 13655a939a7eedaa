import koffi from 'koffi';
import type { ElementType } from '../element-type.js';
import { elementTypeName } from './element-type-codes.js';
import { type NativeFunctionName, openVino } from './library.js';
import { check, takeString } from './native-error.js';

/** What OpenVINO reports about one input or output port. */
export interface NativePortInfo {
  index: number;
  /** `ov_port_get_any_name`; empty when the port has no tensor name. */
  name: string;
  /** Dimensions, -1 for a dynamic one; undefined when even the rank is dynamic. */
  partialShape: number[] | undefined;
  elementType: ElementType;
}

/** Reads name, partial shape and element type of an `ov_output_const_port_t`. */
function readPort(port: bigint, index: number): NativePortInfo {
  const library = openVino();
  const nameOut: [bigint | null] = [null];
  let name = '';
  // A port without tensor names makes ov_port_get_any_name fail; that is not an error for us.
  if (library.ov_port_get_any_name(port, nameOut) === 0) name = takeString(nameOut[0]);
  const typeOut: [number] = [0];
  check(library.ov_port_get_element_type(port, typeOut), 'ov_port_get_element_type');
  const shape: { rank?: { min: number | bigint; max: number | bigint }; dims?: bigint | null } = {};
  check(library.ov_port_get_partial_shape(port, shape), 'ov_port_get_partial_shape');
  let partialShape: number[] | undefined;
  try {
    const rankMin = Number(shape.rank?.min ?? -1);
    const rankMax = Number(shape.rank?.max ?? -1);
    if (rankMin >= 0 && rankMin === rankMax) {
      partialShape = [];
      if (rankMin > 0 && shape.dims) {
        const pairs = koffi.decode(shape.dims, 'int64_t', rankMin * 2) as BigInt64Array | number[];
        for (let dimension = 0; dimension < rankMin; dimension += 1) {
          const min = Number(pairs[dimension * 2]);
          const max = Number(pairs[dimension * 2 + 1]);
          partialShape.push(min === max && min >= 0 ? min : -1);
        }
      }
    }
  } finally {
    library.ov_partial_shape_free(shape);
  }
  return { index, name, partialShape, elementType: elementTypeName(typeOut[0]) };
}

/**
 * Reads every port of a model or compiled model.
 * @param sizeFunction e.g. `ov_model_inputs_size`
 * @param portFunction e.g. `ov_model_const_input_by_index`
 */
export function readPorts(
  owner: bigint,
  sizeFunction: NativeFunctionName,
  portFunction: NativeFunctionName,
): NativePortInfo[] {
  const library = openVino();
  const size: [number] = [0];
  check(library[sizeFunction](owner, size), sizeFunction);
  const ports: NativePortInfo[] = [];
  for (let index = 0; index < Number(size[0]); index += 1) {
    const out: [bigint | null] = [null];
    check(library[portFunction](owner, index, out), portFunction);
    try {
      ports.push(readPort(out[0] as bigint, index));
    } finally {
      library.ov_output_const_port_free(out[0]);
    }
  }
  return ports;
}
