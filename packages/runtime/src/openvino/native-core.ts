import koffi from 'koffi';
import { openVino } from './library.js';
import { callAsync, check, takeString } from './native-error.js';
import { createTensor, freeTensor, writeTensorData } from './native-tensor.js';

/** A property key and its value as OpenVINO's string form (`PERFORMANCE_HINT` -> `LATENCY`). */
export type PropertyPair = readonly [key: string, value: string];

/** `ov_get_openvino_version`, freed with `ov_version_free`. */
export function openVinoVersion(): { buildNumber: string; description: string } {
  const library = openVino();
  const version: { buildNumber?: bigint | null; description?: bigint | null } = {};
  check(library.ov_get_openvino_version(version), 'ov_get_openvino_version');
  try {
    return {
      buildNumber: version.buildNumber ? (koffi.decode(version.buildNumber, 'char', -1) as string) : '',
      description: version.description ? (koffi.decode(version.description, 'char', -1) as string) : '',
    };
  } finally {
    library.ov_version_free(version);
  }
}

let workerThreadsWarmed = false;

/**
 * Starts libuv's worker threads (and koffi's state on them) once per process with a no-op async
 * call (`ov_free(NULL)`), so that the first `readModel`/`compileModel` does not pay for it: the
 * threads start while `ov_core_create` runs on the calling thread. Measured in a fresh process on
 * 2 busy cores: the first async call took 0.75-12 ms, the next 0.05-0.1 ms.
 */
export function warmWorkerThreads(): void {
  if (workerThreadsWarmed) return;
  workerThreadsWarmed = true;
  openVino().ov_free.async(null, () => {});
}

/** `ov_core_create`. */
export function createCore(): bigint {
  const out: [bigint | null] = [null];
  check(openVino().ov_core_create(out), 'ov_core_create', 'creating the OpenVINO Core');
  return out[0] as bigint;
}

/** `ov_core_free`. */
export function freeCore(core: bigint): void {
  openVino().ov_core_free(core);
}

/** `ov_core_get_available_devices`, freed with `ov_available_devices_free`. */
export function availableDevices(core: bigint): string[] {
  const library = openVino();
  const devices: { devices?: bigint | null; size?: number } = {};
  check(library.ov_core_get_available_devices(core, devices), 'ov_core_get_available_devices');
  try {
    const size = Number(devices.size ?? 0);
    if (!devices.devices || size === 0) return [];
    const pointers = koffi.decode(devices.devices, 'void *', size) as bigint[];
    return pointers.map((pointer) => koffi.decode(pointer, 'char', -1) as string);
  } finally {
    library.ov_available_devices_free(devices);
  }
}

/** `ov_core_read_model` on the calling thread. */
export function readModel(core: bigint, modelPath: string, weightsPath: string | undefined): bigint {
  const out: [bigint | null] = [null];
  check(openVino().ov_core_read_model(core, modelPath, weightsPath ?? null, out), 'ov_core_read_model');
  return out[0] as bigint;
}

/** `ov_core_read_model` on a worker thread. */
export async function readModelAsync(
  core: bigint,
  modelPath: string,
  weightsPath: string | undefined,
): Promise<bigint> {
  const out: [bigint | null] = [null];
  await callAsync('ov_core_read_model', [core, modelPath, weightsPath ?? null, out]);
  return out[0] as bigint;
}

/**
 * `ov_core_read_model_from_memory_buffer`. The weights are copied into a tensor OpenVINO owns, so
 * the model never points into JavaScript memory.
 */
export function readModelFromBuffer(core: bigint, model: Uint8Array, weights: Uint8Array | undefined): bigint {
  const library = openVino();
  let weightsTensor: bigint | null = null;
  if (weights && weights.byteLength > 0) {
    weightsTensor = createTensor('u8', [weights.byteLength]);
    writeTensorData(weightsTensor, weights);
  }
  try {
    const out: [bigint | null] = [null];
    check(
      library.ov_core_read_model_from_memory_buffer(core, model, model.byteLength, weightsTensor, out),
      'ov_core_read_model_from_memory_buffer',
    );
    return out[0] as bigint;
  } finally {
    if (weightsTensor) freeTensor(weightsTensor);
  }
}

/** The variadic tail of `ov_core_*` calls: a type and a value per C argument, key then value. */
function variadicArguments(properties: readonly PropertyPair[]): string[] {
  const args: string[] = [];
  for (const [key, value] of properties) args.push('const char *', key, 'const char *', value);
  return args;
}

/**
 * `ov_core_compile_model` (variadic) on the calling thread. `property_args_size` counts C
 * arguments, so each key/value pair adds 2.
 */
export function compileModel(core: bigint, model: bigint, device: string, properties: readonly PropertyPair[]): bigint {
  const out: [bigint | null] = [null];
  check(
    openVino().ov_core_compile_model(core, model, device, properties.length * 2, out, ...variadicArguments(properties)),
    'ov_core_compile_model',
  );
  return out[0] as bigint;
}

/** `ov_core_compile_model_from_file` (variadic) on the calling thread. */
export function compileModelFromFile(
  core: bigint,
  modelPath: string,
  device: string,
  properties: readonly PropertyPair[],
): bigint {
  const out: [bigint | null] = [null];
  check(
    openVino().ov_core_compile_model_from_file(
      core,
      modelPath,
      device,
      properties.length * 2,
      out,
      ...variadicArguments(properties),
    ),
    'ov_core_compile_model_from_file',
  );
  return out[0] as bigint;
}

function propertyArray(properties: readonly PropertyPair[]): { key: string; value: string }[] | null {
  return properties.length === 0 ? null : properties.map(([key, value]) => ({ key, value }));
}

/**
 * Compiles on a worker thread. koffi cannot run variadic functions asynchronously, so this uses
 * the array form `ov_core_compile_model_props` (same semantics, `ov_property_t` pairs).
 */
export async function compileModelAsync(
  core: bigint,
  model: bigint,
  device: string,
  properties: readonly PropertyPair[],
): Promise<bigint> {
  const out: [bigint | null] = [null];
  await callAsync('ov_core_compile_model_props', [
    core,
    model,
    device,
    properties.length,
    propertyArray(properties),
    out,
  ]);
  return out[0] as bigint;
}

/** `ov_core_compile_model_from_file_props` on a worker thread. */
export async function compileModelFromFileAsync(
  core: bigint,
  modelPath: string,
  device: string,
  properties: readonly PropertyPair[],
): Promise<bigint> {
  const out: [bigint | null] = [null];
  await callAsync('ov_core_compile_model_from_file_props', [
    core,
    modelPath,
    device,
    properties.length,
    propertyArray(properties),
    out,
  ]);
  return out[0] as bigint;
}

/** `ov_core_get_property`; the returned string is freed with `ov_free`. */
export function getCoreProperty(core: bigint, device: string, key: string): string {
  const out: [bigint | null] = [null];
  check(openVino().ov_core_get_property(core, device, key, out), 'ov_core_get_property', `reading ${device} ${key}`);
  return takeString(out[0]);
}

/**
 * `ov_core_set_property` (variadic). OpenVINO's C wrapper reads one key/value pair per call, so
 * each pair is one call; `device` undefined sets it on the Core for every device.
 */
export function setCoreProperty(core: bigint, device: string | undefined, properties: readonly PropertyPair[]): void {
  const library = openVino();
  for (const [key, value] of properties) {
    check(
      library.ov_core_set_property(core, device ?? null, 'const char *', key, 'const char *', value),
      'ov_core_set_property',
      `setting ${key}=${value}${device ? ` on ${device}` : ''}`,
    );
  }
}

/** `ov_core_import_model` from an exported blob. */
export function importModel(core: bigint, blob: Uint8Array, device: string): bigint {
  const out: [bigint | null] = [null];
  check(openVino().ov_core_import_model(core, blob, blob.byteLength, device, out), 'ov_core_import_model');
  return out[0] as bigint;
}
