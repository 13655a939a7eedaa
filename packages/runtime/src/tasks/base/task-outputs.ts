import type { TensorData } from '../../element-type.js';
import { ModelOutputError } from '../../errors/model-output-error.js';
import type { InferResult } from '../../infer-request.js';

/** Typed-array classes a task may expect an output in. */
type TypedArrayClass<T extends TensorData> = abstract new (...args: never[]) => T;

/**
 * The data of output `name` of one inference, looked up by name, never `undefined`.
 * @param arrayTypes when given, the data must be one of these typed arrays (e.g. `[Float32Array]`).
 * @throws ModelOutputError `ERR_OUTPUT_MISSING` naming the output and those that exist when the
 *   inference did not return it; `ERR_OUTPUT_ELEMENT_TYPE` when it has another element type.
 */
export function outputData<T extends TensorData = TensorData>(
  result: InferResult,
  name: string,
  arrayTypes?: readonly TypedArrayClass<T>[],
): T {
  const tensor = Object.hasOwn(result, name) ? result[name] : undefined;
  const available = Object.keys(result);
  if (tensor === undefined) {
    throw new ModelOutputError(
      `The inference returned no output '${name}' (it returned ${available.map((key) => `'${key}'`).join(', ') || 'none'}); the compiled model is not the one the task was prepared for.`,
      { output: name, available },
    );
  }
  const data = tensor.data;
  if (arrayTypes !== undefined && !arrayTypes.some((arrayType) => data instanceof arrayType)) {
    throw new ModelOutputError(
      `The output '${name}' is ${tensor.elementType}, not the element type the task reads (${arrayTypes.map((arrayType) => arrayType.name).join(' or ')}).`,
      { output: name, available, code: 'ERR_OUTPUT_ELEMENT_TYPE' },
    );
  }
  return data as T;
}
