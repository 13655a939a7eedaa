import koffi, { type LibraryHandle } from 'koffi';
import { OpenVinoError } from '../errors/openvino-error.js';
import { locateOpenVino } from '../toolchain/locate-openvino.js';
import { provisionCommand } from '../toolchain/toolchain-paths.js';

/** A declared C function: call it directly, or through `.async(...args, callback)` on a worker thread. */
export interface NativeFunction {
  // biome-ignore lint/suspicious/noExplicitAny: koffi marshals arguments by their declared C types.
  (...args: any[]): any;
  // biome-ignore lint/suspicious/noExplicitAny: as above; the last argument is the (error, result) callback.
  async: (...args: any[]) => void;
}

/**
 * C prototypes of the OpenVINO C API functions hubvino uses (openvino/c/*.h). Opaque handles are
 * `void *` (BigInt in JavaScript); enums are `int`; out-parameters are marked `_Out_`.
 */
const prototypes = {
  // ov_common.h
  ov_get_last_err_msg: 'void *ov_get_last_err_msg()',
  ov_free: 'void ov_free(void *content)',
  ov_get_openvino_version: 'int ov_get_openvino_version(_Out_ ov_version_t *version)',
  ov_version_free: 'void ov_version_free(ov_version_t *version)',
  // ov_core.h
  ov_core_create: 'int ov_core_create(_Out_ void **core)',
  ov_core_free: 'void ov_core_free(void *core)',
  ov_core_read_model:
    'int ov_core_read_model(void *core, const char *model_path, const char *bin_path, _Out_ void **model)',
  ov_core_read_model_from_memory_buffer:
    'int ov_core_read_model_from_memory_buffer(void *core, void *model_str, size_t str_len, void *weights, _Out_ void **model)',
  ov_core_compile_model:
    'int ov_core_compile_model(void *core, void *model, const char *device_name, size_t property_args_size, _Out_ void **compiled_model, ...)',
  ov_core_compile_model_props:
    'int ov_core_compile_model_props(void *core, void *model, const char *device_name, size_t num_properties, ov_property_t *properties, _Out_ void **compiled_model)',
  ov_core_compile_model_from_file:
    'int ov_core_compile_model_from_file(void *core, const char *model_path, const char *device_name, size_t property_args_size, _Out_ void **compiled_model, ...)',
  ov_core_compile_model_from_file_props:
    'int ov_core_compile_model_from_file_props(void *core, const char *model_path, const char *device_name, size_t num_properties, ov_property_t *properties, _Out_ void **compiled_model)',
  ov_core_set_property: 'int ov_core_set_property(void *core, const char *device_name, ...)',
  ov_core_get_property:
    'int ov_core_get_property(void *core, const char *device_name, const char *property_key, _Out_ void **property_value)',
  ov_core_get_available_devices: 'int ov_core_get_available_devices(void *core, _Out_ ov_available_devices_t *devices)',
  ov_available_devices_free: 'void ov_available_devices_free(ov_available_devices_t *devices)',
  ov_core_import_model:
    'int ov_core_import_model(void *core, void *content, size_t content_size, const char *device_name, _Out_ void **compiled_model)',
  // ov_model.h
  ov_model_free: 'void ov_model_free(void *model)',
  ov_model_inputs_size: 'int ov_model_inputs_size(void *model, _Out_ size_t *size)',
  ov_model_outputs_size: 'int ov_model_outputs_size(void *model, _Out_ size_t *size)',
  ov_model_const_input_by_index: 'int ov_model_const_input_by_index(void *model, size_t index, _Out_ void **port)',
  ov_model_const_output_by_index: 'int ov_model_const_output_by_index(void *model, size_t index, _Out_ void **port)',
  ov_model_is_dynamic: 'bool ov_model_is_dynamic(void *model)',
  ov_model_reshape_by_port_indexes:
    'int ov_model_reshape_by_port_indexes(void *model, size_t *port_indexes, ov_partial_shape_t *partial_shapes, size_t size)',
  ov_model_get_friendly_name: 'int ov_model_get_friendly_name(void *model, _Out_ void **friendly_name)',
  // ov_node.h
  ov_port_get_any_name: 'int ov_port_get_any_name(void *port, _Out_ void **tensor_name)',
  ov_port_get_partial_shape: 'int ov_port_get_partial_shape(void *port, _Out_ ov_partial_shape_t *partial_shape)',
  ov_port_get_element_type: 'int ov_port_get_element_type(void *port, _Out_ int *tensor_type)',
  ov_output_const_port_free: 'void ov_output_const_port_free(void *port)',
  ov_partial_shape_free: 'void ov_partial_shape_free(ov_partial_shape_t *partial_shape)',
  // ov_compiled_model.h
  ov_compiled_model_inputs_size: 'int ov_compiled_model_inputs_size(void *compiled_model, _Out_ size_t *size)',
  ov_compiled_model_outputs_size: 'int ov_compiled_model_outputs_size(void *compiled_model, _Out_ size_t *size)',
  ov_compiled_model_input_by_index:
    'int ov_compiled_model_input_by_index(void *compiled_model, size_t index, _Out_ void **port)',
  ov_compiled_model_output_by_index:
    'int ov_compiled_model_output_by_index(void *compiled_model, size_t index, _Out_ void **port)',
  ov_compiled_model_create_infer_request:
    'int ov_compiled_model_create_infer_request(void *compiled_model, _Out_ void **infer_request)',
  ov_compiled_model_set_property: 'int ov_compiled_model_set_property(void *compiled_model, ...)',
  ov_compiled_model_get_property:
    'int ov_compiled_model_get_property(void *compiled_model, const char *property_key, _Out_ void **property_value)',
  ov_compiled_model_export_model:
    'int ov_compiled_model_export_model(void *compiled_model, const char *export_model_path)',
  ov_compiled_model_free: 'void ov_compiled_model_free(void *compiled_model)',
  // ov_infer_request.h
  ov_infer_request_set_tensor:
    'int ov_infer_request_set_tensor(void *infer_request, const char *tensor_name, void *tensor)',
  ov_infer_request_set_input_tensor_by_index:
    'int ov_infer_request_set_input_tensor_by_index(void *infer_request, size_t index, void *tensor)',
  ov_infer_request_set_output_tensor_by_index:
    'int ov_infer_request_set_output_tensor_by_index(void *infer_request, size_t index, void *tensor)',
  ov_infer_request_get_input_tensor_by_index:
    'int ov_infer_request_get_input_tensor_by_index(void *infer_request, size_t index, _Out_ void **tensor)',
  ov_infer_request_get_output_tensor_by_index:
    'int ov_infer_request_get_output_tensor_by_index(void *infer_request, size_t index, _Out_ void **tensor)',
  ov_infer_request_infer: 'int ov_infer_request_infer(void *infer_request)',
  ov_infer_request_cancel: 'int ov_infer_request_cancel(void *infer_request)',
  ov_infer_request_start_async: 'int ov_infer_request_start_async(void *infer_request)',
  ov_infer_request_wait: 'int ov_infer_request_wait(void *infer_request)',
  ov_infer_request_set_callback: 'int ov_infer_request_set_callback(void *infer_request, void *callback)',
  ov_infer_request_free: 'void ov_infer_request_free(void *infer_request)',
  // ov_tensor.h / ov_shape.h
  ov_tensor_create_from_host_ptr:
    'int ov_tensor_create_from_host_ptr(int type, ov_shape_t shape, void *host_ptr, _Out_ void **tensor)',
  ov_tensor_create: 'int ov_tensor_create(int type, ov_shape_t shape, _Out_ void **tensor)',
  ov_tensor_get_shape: 'int ov_tensor_get_shape(void *tensor, _Out_ ov_shape_t *shape)',
  ov_tensor_get_element_type: 'int ov_tensor_get_element_type(void *tensor, _Out_ int *type)',
  ov_tensor_get_byte_size: 'int ov_tensor_get_byte_size(void *tensor, _Out_ size_t *byte_size)',
  ov_tensor_data: 'int ov_tensor_data(void *tensor, _Out_ void **data)',
  ov_tensor_free: 'void ov_tensor_free(void *tensor)',
  ov_shape_free: 'int ov_shape_free(ov_shape_t *shape)',
  // ov_layout.h
  ov_layout_create: 'int ov_layout_create(const char *layout_desc, _Out_ void **layout)',
  ov_layout_free: 'void ov_layout_free(void *layout)',
  // ov_prepostprocess.h
  ov_preprocess_prepostprocessor_create:
    'int ov_preprocess_prepostprocessor_create(void *model, _Out_ void **preprocess)',
  ov_preprocess_prepostprocessor_free: 'void ov_preprocess_prepostprocessor_free(void *preprocess)',
  ov_preprocess_prepostprocessor_get_input_info_by_index:
    'int ov_preprocess_prepostprocessor_get_input_info_by_index(void *preprocess, size_t index, _Out_ void **info)',
  ov_preprocess_prepostprocessor_get_output_info_by_index:
    'int ov_preprocess_prepostprocessor_get_output_info_by_index(void *preprocess, size_t index, _Out_ void **info)',
  ov_preprocess_input_info_free: 'void ov_preprocess_input_info_free(void *info)',
  ov_preprocess_input_info_get_tensor_info:
    'int ov_preprocess_input_info_get_tensor_info(void *info, _Out_ void **tensor_info)',
  ov_preprocess_input_tensor_info_free: 'void ov_preprocess_input_tensor_info_free(void *tensor_info)',
  ov_preprocess_input_info_get_preprocess_steps:
    'int ov_preprocess_input_info_get_preprocess_steps(void *info, _Out_ void **steps)',
  ov_preprocess_preprocess_steps_free: 'void ov_preprocess_preprocess_steps_free(void *steps)',
  ov_preprocess_input_info_get_model_info:
    'int ov_preprocess_input_info_get_model_info(void *info, _Out_ void **model_info)',
  ov_preprocess_input_model_info_free: 'void ov_preprocess_input_model_info_free(void *model_info)',
  ov_preprocess_input_model_info_set_layout:
    'int ov_preprocess_input_model_info_set_layout(void *model_info, void *layout)',
  ov_preprocess_input_tensor_info_set_element_type:
    'int ov_preprocess_input_tensor_info_set_element_type(void *tensor_info, int element_type)',
  ov_preprocess_input_tensor_info_set_layout:
    'int ov_preprocess_input_tensor_info_set_layout(void *tensor_info, void *layout)',
  ov_preprocess_input_tensor_info_set_spatial_static_shape:
    'int ov_preprocess_input_tensor_info_set_spatial_static_shape(void *tensor_info, size_t height, size_t width)',
  ov_preprocess_input_tensor_info_set_color_format:
    'int ov_preprocess_input_tensor_info_set_color_format(void *tensor_info, int color_format)',
  ov_preprocess_input_tensor_info_set_from:
    'int ov_preprocess_input_tensor_info_set_from(void *tensor_info, void *tensor)',
  ov_preprocess_preprocess_steps_resize: 'int ov_preprocess_preprocess_steps_resize(void *steps, int resize_algorithm)',
  ov_preprocess_preprocess_steps_scale: 'int ov_preprocess_preprocess_steps_scale(void *steps, float value)',
  ov_preprocess_preprocess_steps_scale_multi_channels:
    'int ov_preprocess_preprocess_steps_scale_multi_channels(void *steps, float *values, int32_t value_size)',
  ov_preprocess_preprocess_steps_mean: 'int ov_preprocess_preprocess_steps_mean(void *steps, float value)',
  ov_preprocess_preprocess_steps_mean_multi_channels:
    'int ov_preprocess_preprocess_steps_mean_multi_channels(void *steps, float *values, int32_t value_size)',
  ov_preprocess_preprocess_steps_convert_element_type:
    'int ov_preprocess_preprocess_steps_convert_element_type(void *steps, int element_type)',
  ov_preprocess_preprocess_steps_convert_layout:
    'int ov_preprocess_preprocess_steps_convert_layout(void *steps, void *layout)',
  ov_preprocess_preprocess_steps_convert_color:
    'int ov_preprocess_preprocess_steps_convert_color(void *steps, int color_format)',
  ov_preprocess_preprocess_steps_reverse_channels: 'int ov_preprocess_preprocess_steps_reverse_channels(void *steps)',
  ov_preprocess_output_info_free: 'void ov_preprocess_output_info_free(void *info)',
  ov_preprocess_output_info_get_tensor_info:
    'int ov_preprocess_output_info_get_tensor_info(void *info, _Out_ void **tensor_info)',
  ov_preprocess_output_tensor_info_free: 'void ov_preprocess_output_tensor_info_free(void *tensor_info)',
  ov_preprocess_output_set_element_type:
    'int ov_preprocess_output_set_element_type(void *tensor_info, int element_type)',
  ov_preprocess_prepostprocessor_build:
    'int ov_preprocess_prepostprocessor_build(void *preprocess, _Out_ void **model)',
} as const;

/** Name of an OpenVINO C function hubvino declares. */
export type NativeFunctionName = keyof typeof prototypes;

/** The loaded OpenVINO C library: one declared function per name, plus where it came from. */
export type OpenVinoLibrary = { readonly [name in NativeFunctionName]: NativeFunction } & {
  /** Full path of the loaded libopenvino_c. */
  readonly libraryPath: string;
};

let loaded: OpenVinoLibrary | undefined;

function declareTypes(): void {
  koffi.struct('ov_version_t', { buildNumber: 'void *', description: 'void *' });
  koffi.struct('ov_dimension_t', { min: 'int64_t', max: 'int64_t' });
  koffi.struct('ov_partial_shape_t', { rank: 'ov_dimension_t', dims: 'void *' });
  koffi.struct('ov_shape_t', { rank: 'int64_t', dims: 'void *' });
  koffi.struct('ov_available_devices_t', { devices: 'void *', size: 'size_t' });
  koffi.struct('ov_property_t', { key: 'const char *', value: 'const char *' });
  // ov_infer_request.h: the completion callback and the struct that carries it (read by OpenVINO at
  // each completion, so it must stay allocated while the request exists).
  const completion = koffi.proto('void ov_completion_callback_t(void *args)');
  koffi.struct('ov_callback_t', { callback_func: koffi.pointer(completion), args: 'void *' });
}

/**
 * Loads libopenvino_c (found by {@link locateOpenVino}) on first use and declares the functions.
 * Nothing is loaded when the package is imported.
 * @throws ToolchainError when OpenVINO is not provisioned; OpenVinoError when the library does not load.
 */
export function openVino(): OpenVinoLibrary {
  if (loaded) return loaded;
  const distribution = locateOpenVino();
  let library: LibraryHandle;
  try {
    library = koffi.load(distribution.cLibraryPath);
  } catch (error) {
    throw new OpenVinoError(
      `Could not load the OpenVINO C library ${distribution.cLibraryPath}: ${(error as Error).message}. Reinstall the toolchain ('${provisionCommand()}') or point HUBVINO_OPENVINO_LIB_DIR at a working OpenVINO.`,
      { cause: error, code: 'ERR_OPENVINO_LOAD' },
    );
  }
  declareTypes();
  const functions: Record<string, NativeFunction | string> = { libraryPath: distribution.cLibraryPath };
  for (const [name, prototype] of Object.entries(prototypes)) {
    functions[name] = library.func(prototype) as NativeFunction;
  }
  loaded = functions as unknown as OpenVinoLibrary;
  return loaded;
}
