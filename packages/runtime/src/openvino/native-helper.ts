import { existsSync } from 'node:fs';
import koffi from 'koffi';
import { OpenVinoError } from '../errors/openvino-error.js';
import { openVinoExtrasPath } from '../toolchain/openvino-extras.js';
import { type NativeFunction, openVino } from './library.js';

/**
 * The optional helper library (packages/runtime/native/openvino-extras.cpp) for the calls
 * OpenVINO's C API lacks. Loaded on first use; when it is not built, each call throws an
 * OpenVinoError `ERR_OPENVINO_EXTRAS_MISSING` that names the call and the command that builds it.
 */
const prototypes = {
  hv_last_error: 'const char *hv_last_error()',
  hv_free: 'void hv_free(void *pointer)',
  hv_model_clone: 'int hv_model_clone(void *model, _Out_ void **out)',
  hv_model_get_name: 'int hv_model_get_name(void *model, _Out_ void **out)',
  hv_model_set_friendly_name: 'int hv_model_set_friendly_name(void *model, const char *name)',
  hv_model_get_ops: 'int hv_model_get_ops(void *model, _Out_ void **out)',
  hv_save_model: 'int hv_save_model(void *model, const char *path, int compress_to_fp16)',
  hv_core_query_model:
    'int hv_core_query_model(void *core, void *model, const char *device, size_t count, const char **keys, const char **values, _Out_ void **out)',
  hv_core_import_model:
    'int hv_core_import_model(void *core, void *data, size_t size, const char *device, size_t count, const char **keys, const char **values, _Out_ void **out)',
  hv_core_get_property: 'int hv_core_get_property(void *core, const char *device, const char *key, _Out_ void **out)',
} as const;

type HelperName = keyof typeof prototypes;
let helper: Record<HelperName, NativeFunction> | undefined;

function load(call: string): Record<HelperName, NativeFunction> {
  if (helper) return helper;
  openVino();
  const path = openVinoExtrasPath();
  if (!existsSync(path)) {
    throw new OpenVinoError(
      `${call} needs hubvino's optional OpenVINO helper, because OpenVINO's C API has no such call, and it is not built (${path}). Build it once with 'npx hubvino build-helper' (or 'npx hubvino-build-openvino-extras' from @hubvino/openvino-node; needs a C++17 compiler such as g++).`,
      { code: 'ERR_OPENVINO_EXTRAS_MISSING' },
    );
  }
  let library: ReturnType<typeof koffi.load>;
  try {
    library = koffi.load(path);
  } catch (error) {
    throw new OpenVinoError(
      `Could not load hubvino's OpenVINO helper ${path}: ${(error as Error).message}. Rebuild it with 'npx hubvino-build-openvino-extras --force'.`,
      { code: 'ERR_OPENVINO_EXTRAS_MISSING', cause: error },
    );
  }
  const functions = {} as Record<HelperName, NativeFunction>;
  for (const [name, prototype] of Object.entries(prototypes)) {
    functions[name as HelperName] = library.func(prototype) as NativeFunction;
  }
  helper = functions;
  return helper;
}

function checked(functions: Record<HelperName, NativeFunction>, status: number, name: HelperName, call: string): void {
  if (status === 0) return;
  const nativeMessage = String(functions.hv_last_error() ?? '');
  throw new OpenVinoError(`${call} failed: ${nativeMessage}`, {
    nativeStatus: status,
    nativeFunction: name,
    nativeMessage,
  });
}

function takeHelperString(functions: Record<HelperName, NativeFunction>, pointer: bigint | null): string {
  if (!pointer) return '';
  try {
    return koffi.decode(pointer, 'char', -1) as string;
  } finally {
    functions.hv_free(pointer);
  }
}

/** `ov::Model::clone()`: a new `ov_model_t` the caller frees with `ov_model_free`. */
export function cloneModel(model: bigint): bigint {
  const functions = load('Model.clone()');
  const out: [bigint | null] = [null];
  checked(functions, functions.hv_model_clone(model, out), 'hv_model_clone', 'Model.clone()');
  return out[0] as bigint;
}

/** `ov::Model::get_name()`. */
export function modelName(model: bigint): string {
  const functions = load('Model.getName()');
  const out: [bigint | null] = [null];
  checked(functions, functions.hv_model_get_name(model, out), 'hv_model_get_name', 'Model.getName()');
  return takeHelperString(functions, out[0]);
}

/** `ov::Model::set_friendly_name()`. */
export function setModelFriendlyName(model: bigint, name: string): void {
  const functions = load('Model.setFriendlyName()');
  checked(
    functions,
    functions.hv_model_set_friendly_name(model, name),
    'hv_model_set_friendly_name',
    'Model.setFriendlyName()',
  );
}

/** `ov::Model::get_ordered_ops()`: each operation's friendly name and type. */
export function modelOperations(model: bigint): { name: string; type: string }[] {
  const functions = load('Model.getOps()');
  const out: [bigint | null] = [null];
  checked(functions, functions.hv_model_get_ops(model, out), 'hv_model_get_ops', 'Model.getOps()');
  return takeHelperString(functions, out[0])
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const tab = line.lastIndexOf('\t');
      return { name: line.slice(0, tab), type: line.slice(tab + 1) };
    });
}

/** `ov::save_model()`: IR `.xml` + `.bin`. */
export function saveModel(model: bigint, path: string, compressToFp16: boolean): void {
  const functions = load('saveModel()');
  checked(functions, functions.hv_save_model(model, path, compressToFp16 ? 1 : 0), 'hv_save_model', 'saveModel()');
}

function splitPairs(properties: readonly (readonly [string, string])[]): [string[], string[]] {
  return [properties.map(([key]) => key), properties.map(([, value]) => value)];
}

/** `ov::Core::query_model()`: operation name -> device. */
export function queryModel(
  core: bigint,
  model: bigint,
  device: string,
  properties: readonly (readonly [string, string])[],
): Record<string, string> {
  const functions = load('Core.queryModel()');
  const [keys, values] = splitPairs(properties);
  const out: [bigint | null] = [null];
  checked(
    functions,
    functions.hv_core_query_model(core, model, device, keys.length, keys, values, out),
    'hv_core_query_model',
    'Core.queryModel()',
  );
  const result: Record<string, string> = {};
  for (const line of takeHelperString(functions, out[0]).split('\n')) {
    if (!line) continue;
    const tab = line.lastIndexOf('\t');
    result[line.slice(0, tab)] = line.slice(tab + 1);
  }
  return result;
}

/** `ov::Core::import_model()` with properties: a new `ov_compiled_model_t`. */
export function importModelWithProperties(
  core: bigint,
  blob: Uint8Array,
  device: string,
  properties: readonly (readonly [string, string])[],
): bigint {
  const functions = load('Core.importModel() with properties');
  const [keys, values] = splitPairs(properties);
  const out: [bigint | null] = [null];
  checked(
    functions,
    functions.hv_core_import_model(core, blob, blob.byteLength, device, keys.length, keys, values, out),
    'hv_core_import_model',
    'Core.importModel()',
  );
  return out[0] as bigint;
}

/** `ov::Core::get_property(device, key)` printed as a string; `device` '' reads Core-wide properties. */
export function coreProperty(core: bigint, device: string, key: string): string {
  const functions = load('Core.getProperty() without a device');
  const out: [bigint | null] = [null];
  checked(
    functions,
    functions.hv_core_get_property(core, device, key, out),
    'hv_core_get_property',
    `Core.getProperty(${device ? `'${device}', ` : ''}'${key}')`,
  );
  return takeHelperString(functions, out[0]);
}
