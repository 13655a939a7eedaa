import { openVino } from './library.js';
import type { PropertyPair } from './native-core.js';
import { check, takeString } from './native-error.js';
import { type NativePortInfo, readPorts } from './native-port.js';

/** `ov_compiled_model_free`. */
export function freeCompiledModel(compiledModel: bigint): void {
  openVino().ov_compiled_model_free(compiledModel);
}

/** The compiled model's inputs. */
export function compiledModelInputs(compiledModel: bigint): NativePortInfo[] {
  return readPorts(compiledModel, 'ov_compiled_model_inputs_size', 'ov_compiled_model_input_by_index');
}

/** The compiled model's outputs. */
export function compiledModelOutputs(compiledModel: bigint): NativePortInfo[] {
  return readPorts(compiledModel, 'ov_compiled_model_outputs_size', 'ov_compiled_model_output_by_index');
}

/** `ov_compiled_model_create_infer_request`. */
export function createInferRequest(compiledModel: bigint): bigint {
  const out: [bigint | null] = [null];
  check(
    openVino().ov_compiled_model_create_infer_request(compiledModel, out),
    'ov_compiled_model_create_infer_request',
  );
  return out[0] as bigint;
}

/** `ov_compiled_model_get_property`; the string is freed with `ov_free`. */
export function getCompiledModelProperty(compiledModel: bigint, key: string): string {
  const out: [bigint | null] = [null];
  check(
    openVino().ov_compiled_model_get_property(compiledModel, key, out),
    'ov_compiled_model_get_property',
    `reading ${key}`,
  );
  return takeString(out[0]);
}

/** `ov_compiled_model_set_property` (variadic; one key/value pair per call). */
export function setCompiledModelProperty(compiledModel: bigint, properties: readonly PropertyPair[]): void {
  const library = openVino();
  for (const [key, value] of properties) {
    check(
      library.ov_compiled_model_set_property(compiledModel, 'const char *', key, 'const char *', value),
      'ov_compiled_model_set_property',
      `setting ${key}=${value}`,
    );
  }
}

/** `ov_compiled_model_export_model` to a file. */
export function exportCompiledModel(compiledModel: bigint, path: string): void {
  check(openVino().ov_compiled_model_export_model(compiledModel, path), 'ov_compiled_model_export_model');
}
