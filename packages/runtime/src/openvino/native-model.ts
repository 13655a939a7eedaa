import { openVino } from './library.js';
import { check, takeString } from './native-error.js';
import { type NativePortInfo, readPorts } from './native-port.js';

/** `ov_model_free`. */
export function freeModel(model: bigint): void {
  openVino().ov_model_free(model);
}

/** The model's inputs. */
export function modelInputs(model: bigint): NativePortInfo[] {
  return readPorts(model, 'ov_model_inputs_size', 'ov_model_const_input_by_index');
}

/** The model's outputs. */
export function modelOutputs(model: bigint): NativePortInfo[] {
  return readPorts(model, 'ov_model_outputs_size', 'ov_model_const_output_by_index');
}

/** `ov_model_get_friendly_name`. */
export function modelFriendlyName(model: bigint): string {
  const out: [bigint | null] = [null];
  check(openVino().ov_model_get_friendly_name(model, out), 'ov_model_get_friendly_name');
  return takeString(out[0]);
}

/** `ov_model_is_dynamic`. */
export function modelIsDynamic(model: bigint): boolean {
  return Boolean(openVino().ov_model_is_dynamic(model));
}

/**
 * `ov_model_reshape_by_port_indexes`: all inputs at once. A dimension of -1 is dynamic
 * (`ov_dimension_t {-1, -1}`).
 */
export function reshapeModel(model: bigint, shapes: ReadonlyArray<{ index: number; shape: readonly number[] }>): void {
  if (shapes.length === 0) return;
  const indexes = new BigUint64Array(shapes.length);
  const partialShapes = shapes.map(({ index, shape }, position) => {
    indexes[position] = BigInt(index);
    const dims = new BigInt64Array(shape.length * 2);
    shape.forEach((dimension, axis) => {
      dims[axis * 2] = BigInt(dimension);
      dims[axis * 2 + 1] = BigInt(dimension);
    });
    return { rank: { min: shape.length, max: shape.length }, dims };
  });
  check(
    openVino().ov_model_reshape_by_port_indexes(model, indexes, partialShapes, shapes.length),
    'ov_model_reshape_by_port_indexes',
  );
}
