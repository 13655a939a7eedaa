import koffi, { type LibraryHandle } from 'koffi';
import { OpenVinoError } from '../errors/openvino-error.js';
import { type NativeFunction, openVino } from './library.js';
import { takeLastErrorMessage } from './native-error.js';
import { invalidParameterStatus, statusName } from './status.js';

/**
 * OpenVINO C functions beyond the core inference path (extensions, plugin versions, interval
 * reshape, port intervals, output tensors). Declared lazily on first use, beside library.ts, so
 * that module's list stays the inference path's.
 */
const prototypes = {
  ov_core_add_extension: 'int ov_core_add_extension(void *core, const char *path)',
  ov_core_get_versions_by_device_name:
    'int ov_core_get_versions_by_device_name(void *core, const char *device_name, _Out_ ov_core_version_list_t *versions)',
  ov_core_versions_free: 'void ov_core_versions_free(ov_core_version_list_t *versions)',
  ov_model_reshape_by_port_indexes_intervals:
    'int ov_model_reshape_by_port_indexes(void *model, size_t *port_indexes, ov_partial_shape_t *partial_shapes, size_t size)',
  ov_model_const_input_by_index: 'int ov_model_const_input_by_index(void *model, size_t index, _Out_ void **port)',
  ov_model_const_output_by_index: 'int ov_model_const_output_by_index(void *model, size_t index, _Out_ void **port)',
  ov_compiled_model_input_by_index:
    'int ov_compiled_model_input_by_index(void *compiled_model, size_t index, _Out_ void **port)',
  ov_compiled_model_output_by_index:
    'int ov_compiled_model_output_by_index(void *compiled_model, size_t index, _Out_ void **port)',
  ov_port_get_partial_shape: 'int ov_port_get_partial_shape(void *port, _Out_ ov_partial_shape_t *partial_shape)',
  ov_output_const_port_free: 'void ov_output_const_port_free(void *port)',
  ov_partial_shape_free: 'void ov_partial_shape_free(ov_partial_shape_t *partial_shape)',
  ov_tensor_create_from_string_array:
    'int ov_tensor_create_from_string_array(const char **string_array, size_t array_size, ov_shape_t shape, _Out_ void **tensor)',
} as const;

type ExtraName = keyof typeof prototypes;
let declared: Record<ExtraName, NativeFunction> | undefined;

function extras(): Record<ExtraName, NativeFunction> {
  if (declared) return declared;
  const library = openVino();
  const handle: LibraryHandle = koffi.load(library.libraryPath);
  koffi.struct('ov_core_version_t', { device_name: 'const char *', version: 'ov_version_t' });
  koffi.struct('ov_core_version_list_t', { versions: 'void *', size: 'size_t' });
  const functions = {} as Record<ExtraName, NativeFunction>;
  for (const [name, prototype] of Object.entries(prototypes)) {
    functions[name as ExtraName] = handle.func(prototype) as NativeFunction;
  }
  declared = functions;
  return declared;
}

function checkExtra(status: number, functionName: string, context?: string): void {
  if (status === 0) return;
  const nativeMessage = status === invalidParameterStatus ? '' : takeLastErrorMessage();
  const what = context ? `${context}: ` : '';
  throw new OpenVinoError(
    `${what}${functionName} failed with ${statusName(status)} (${status})${nativeMessage ? `: ${nativeMessage}` : ''}`,
    { nativeStatus: status, nativeFunction: functionName, nativeMessage },
  );
}

/** `ov_core_add_extension`: loads an extension library into the Core. */
export function addExtension(core: bigint, path: string): void {
  checkExtra(extras().ov_core_add_extension(core, path), 'ov_core_add_extension', `loading extension ${path}`);
}

/** `ov_core_get_versions_by_device_name`, freed with `ov_core_versions_free`. */
export function deviceVersions(
  core: bigint,
  device: string,
): { device: string; buildNumber: string; description: string }[] {
  const functions = extras();
  const list: { versions?: bigint | null; size?: number | bigint } = {};
  checkExtra(functions.ov_core_get_versions_by_device_name(core, device, list), 'ov_core_get_versions_by_device_name');
  try {
    const size = Number(list.size ?? 0);
    if (!list.versions || size === 0) return [];
    const entries = koffi.decode(list.versions, 'ov_core_version_t', size) as
      | { device_name: string; version: { buildNumber: bigint | null; description: bigint | null } }[]
      | { device_name: string; version: { buildNumber: bigint | null; description: bigint | null } };
    const array = Array.isArray(entries) ? entries : [entries];
    return array.map((entry) => ({
      device: entry.device_name,
      buildNumber: entry.version.buildNumber ? (koffi.decode(entry.version.buildNumber, 'char', -1) as string) : '',
      description: entry.version.description ? (koffi.decode(entry.version.description, 'char', -1) as string) : '',
    }));
  } finally {
    functions.ov_core_versions_free(list);
  }
}

/**
 * A dimension as OpenVINO's interval: `[min, max]`, `max` -1 for unbounded. A static dimension has
 * min === max.
 */
export type DimensionInterval = readonly [min: number, max: number];

/** A partial shape: its dimensions, or undefined when the rank itself is dynamic. */
export type IntervalShape = readonly DimensionInterval[] | undefined;

/**
 * `ov_model_reshape_by_port_indexes` with intervals: each dimension is `[min, max]` (`[-1, -1]` or
 * `[0, -1]` for fully dynamic); `undefined` makes the rank dynamic.
 */
export function reshapeModelIntervals(
  model: bigint,
  shapes: ReadonlyArray<{ index: number; dimensions: IntervalShape }>,
): void {
  if (shapes.length === 0) return;
  const indexes = new BigUint64Array(shapes.length);
  const partialShapes = shapes.map(({ index, dimensions }, position) => {
    indexes[position] = BigInt(index);
    // A dynamic rank is the interval [0, unbounded], as OpenVINO reports it.
    if (dimensions === undefined) return { rank: { min: 0, max: -1 }, dims: null };
    const dims = new BigInt64Array(Math.max(1, dimensions.length * 2));
    dimensions.forEach(([min, max], axis) => {
      dims[axis * 2] = BigInt(min);
      dims[axis * 2 + 1] = BigInt(max);
    });
    return { rank: { min: dimensions.length, max: dimensions.length }, dims };
  });
  checkExtra(
    extras().ov_model_reshape_by_port_indexes_intervals(model, indexes, partialShapes, shapes.length),
    'ov_model_reshape_by_port_indexes',
  );
}

type PortOwner = 'model-input' | 'model-output' | 'compiled-input' | 'compiled-output';

const portFunctions: Record<PortOwner, ExtraName> = {
  'model-input': 'ov_model_const_input_by_index',
  'model-output': 'ov_model_const_output_by_index',
  'compiled-input': 'ov_compiled_model_input_by_index',
  'compiled-output': 'ov_compiled_model_output_by_index',
};

/** A port's partial shape with its intervals (`ov_port_get_partial_shape`). */
export function portIntervals(owner: bigint, kind: PortOwner, index: number): IntervalShape {
  const functions = extras();
  const out: [bigint | null] = [null];
  const portFunction = portFunctions[kind];
  checkExtra(functions[portFunction](owner, index, out), portFunction, `reading ${kind} ${index}`);
  const port = out[0] as bigint;
  try {
    const shape: { rank?: { min: number | bigint; max: number | bigint }; dims?: bigint | null } = {};
    checkExtra(functions.ov_port_get_partial_shape(port, shape), 'ov_port_get_partial_shape');
    try {
      const rankMin = Number(shape.rank?.min ?? -1);
      const rankMax = Number(shape.rank?.max ?? -1);
      if (rankMin < 0 || rankMin !== rankMax) return undefined;
      if (rankMin === 0 || !shape.dims) return [];
      const pairs = koffi.decode(shape.dims, 'int64_t', rankMin * 2) as ArrayLike<bigint | number>;
      const dimensions: DimensionInterval[] = [];
      for (let axis = 0; axis < rankMin; axis += 1) {
        dimensions.push([Number(pairs[axis * 2]), Number(pairs[axis * 2 + 1])]);
      }
      return dimensions;
    } finally {
      functions.ov_partial_shape_free(shape);
    }
  } finally {
    functions.ov_output_const_port_free(port);
  }
}

/** `ov_tensor_create_from_string_array`: an OpenVINO-owned string tensor holding copies of `strings`. */
export function createStringTensor(strings: readonly string[], shape: readonly number[]): bigint {
  const dims = new BigInt64Array(shape.length);
  shape.forEach((dimension, index) => {
    dims[index] = BigInt(dimension);
  });
  const out: [bigint | null] = [null];
  checkExtra(
    extras().ov_tensor_create_from_string_array([...strings], strings.length, { rank: shape.length, dims }, out),
    'ov_tensor_create_from_string_array',
  );
  return out[0] as bigint;
}
