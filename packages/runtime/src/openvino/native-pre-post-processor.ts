import type { ElementType } from '../element-type.js';
import { elementTypeCode } from './element-type-codes.js';
import { type NativeFunctionName, openVino } from './library.js';
import { check } from './native-error.js';

/** Resize algorithms of `ov_preprocess_resize_algorithm_e`. */
const resizeAlgorithms = { linear: 0, cubic: 1, nearest: 2 } as const;

/** Colour formats of `ov_color_format_e` (interleaved ones). */
const colorFormats = { RGB: 5, BGR: 6, GRAY: 7, RGBX: 8, BGRX: 9 } as const;

/** A resize algorithm name. */
export type NativeResizeAlgorithm = keyof typeof resizeAlgorithms;
/** An interleaved colour format name. */
export type NativeColorFormat = keyof typeof colorFormats;

/** One preprocessing step, applied in order. */
export type NativePreprocessStep =
  | { kind: 'convertElementType'; elementType: ElementType }
  | { kind: 'resize'; algorithm: NativeResizeAlgorithm }
  | { kind: 'scale'; values: readonly number[] }
  | { kind: 'mean'; values: readonly number[] }
  | { kind: 'convertLayout'; layout: string }
  | { kind: 'convertColor'; colorFormat: NativeColorFormat }
  | { kind: 'reverseChannels' };

/** What to do with one input. */
export interface NativeInputPlan {
  index: number;
  tensorElementType?: ElementType;
  tensorLayout?: string;
  tensorColorFormat?: NativeColorFormat;
  spatialStaticShape?: { height: number; width: number };
  steps: NativePreprocessStep[];
  modelLayout?: string;
}

/** What to do with one output. */
export interface NativeOutputPlan {
  index: number;
  tensorElementType?: ElementType;
}

/**
 * Runs OpenVINO's PrePostProcessor over `model` with the given plans and returns the new model
 * (`ov_preprocess_prepostprocessor_build`). Every native helper object is freed before returning.
 */
export function buildPrePostProcessing(
  model: bigint,
  inputs: readonly NativeInputPlan[],
  outputs: readonly NativeOutputPlan[],
): bigint {
  const library = openVino();
  const cleanup: Array<() => void> = [];
  const out: [bigint | null] = [null];
  const take = (status: number, name: NativeFunctionName, free: NativeFunctionName, context: string): bigint => {
    check(status, name, context);
    const pointer = out[0] as bigint;
    cleanup.push(() => library[free](pointer));
    return pointer;
  };
  const layout = (text: string, context: string): bigint =>
    take(library.ov_layout_create(text, out), 'ov_layout_create', 'ov_layout_free', `${context}: layout '${text}'`);
  try {
    const processor = take(
      library.ov_preprocess_prepostprocessor_create(model, out),
      'ov_preprocess_prepostprocessor_create',
      'ov_preprocess_prepostprocessor_free',
      'creating the PrePostProcessor',
    );
    for (const plan of inputs) {
      const context = `PrePostProcessor input ${plan.index}`;
      const info = take(
        library.ov_preprocess_prepostprocessor_get_input_info_by_index(processor, plan.index, out),
        'ov_preprocess_prepostprocessor_get_input_info_by_index',
        'ov_preprocess_input_info_free',
        context,
      );
      const tensorInfo = take(
        library.ov_preprocess_input_info_get_tensor_info(info, out),
        'ov_preprocess_input_info_get_tensor_info',
        'ov_preprocess_input_tensor_info_free',
        context,
      );
      if (plan.tensorElementType) {
        check(
          library.ov_preprocess_input_tensor_info_set_element_type(tensorInfo, elementTypeCode(plan.tensorElementType)),
          'ov_preprocess_input_tensor_info_set_element_type',
          context,
        );
      }
      if (plan.tensorLayout) {
        check(
          library.ov_preprocess_input_tensor_info_set_layout(tensorInfo, layout(plan.tensorLayout, context)),
          'ov_preprocess_input_tensor_info_set_layout',
          context,
        );
      }
      if (plan.tensorColorFormat) {
        check(
          library.ov_preprocess_input_tensor_info_set_color_format(tensorInfo, colorFormats[plan.tensorColorFormat]),
          'ov_preprocess_input_tensor_info_set_color_format',
          context,
        );
      }
      if (plan.spatialStaticShape) {
        check(
          library.ov_preprocess_input_tensor_info_set_spatial_static_shape(
            tensorInfo,
            plan.spatialStaticShape.height,
            plan.spatialStaticShape.width,
          ),
          'ov_preprocess_input_tensor_info_set_spatial_static_shape',
          context,
        );
      }
      if (plan.steps.length > 0) {
        const steps = take(
          library.ov_preprocess_input_info_get_preprocess_steps(info, out),
          'ov_preprocess_input_info_get_preprocess_steps',
          'ov_preprocess_preprocess_steps_free',
          context,
        );
        for (const step of plan.steps) applyStep(steps, step, context, layout);
      }
      if (plan.modelLayout) {
        const modelInfo = take(
          library.ov_preprocess_input_info_get_model_info(info, out),
          'ov_preprocess_input_info_get_model_info',
          'ov_preprocess_input_model_info_free',
          context,
        );
        check(
          library.ov_preprocess_input_model_info_set_layout(modelInfo, layout(plan.modelLayout, context)),
          'ov_preprocess_input_model_info_set_layout',
          context,
        );
      }
    }
    for (const plan of outputs) {
      const context = `PrePostProcessor output ${plan.index}`;
      const info = take(
        library.ov_preprocess_prepostprocessor_get_output_info_by_index(processor, plan.index, out),
        'ov_preprocess_prepostprocessor_get_output_info_by_index',
        'ov_preprocess_output_info_free',
        context,
      );
      const tensorInfo = take(
        library.ov_preprocess_output_info_get_tensor_info(info, out),
        'ov_preprocess_output_info_get_tensor_info',
        'ov_preprocess_output_tensor_info_free',
        context,
      );
      if (plan.tensorElementType) {
        check(
          library.ov_preprocess_output_set_element_type(tensorInfo, elementTypeCode(plan.tensorElementType)),
          'ov_preprocess_output_set_element_type',
          context,
        );
      }
    }
    check(library.ov_preprocess_prepostprocessor_build(processor, out), 'ov_preprocess_prepostprocessor_build');
    return out[0] as bigint;
  } finally {
    for (const free of cleanup.reverse()) free();
  }
}

function applyStep(
  steps: bigint,
  step: NativePreprocessStep,
  context: string,
  layout: (text: string, context: string) => bigint,
): void {
  const library = openVino();
  switch (step.kind) {
    case 'convertElementType':
      check(
        library.ov_preprocess_preprocess_steps_convert_element_type(steps, elementTypeCode(step.elementType)),
        'ov_preprocess_preprocess_steps_convert_element_type',
        context,
      );
      return;
    case 'resize':
      check(
        library.ov_preprocess_preprocess_steps_resize(steps, resizeAlgorithms[step.algorithm]),
        'ov_preprocess_preprocess_steps_resize',
        context,
      );
      return;
    case 'scale':
      if (step.values.length === 1) {
        check(
          library.ov_preprocess_preprocess_steps_scale(steps, step.values[0]),
          'ov_preprocess_preprocess_steps_scale',
          context,
        );
      } else {
        check(
          library.ov_preprocess_preprocess_steps_scale_multi_channels(
            steps,
            new Float32Array(step.values),
            step.values.length,
          ),
          'ov_preprocess_preprocess_steps_scale_multi_channels',
          context,
        );
      }
      return;
    case 'mean':
      if (step.values.length === 1) {
        check(
          library.ov_preprocess_preprocess_steps_mean(steps, step.values[0]),
          'ov_preprocess_preprocess_steps_mean',
          context,
        );
      } else {
        check(
          library.ov_preprocess_preprocess_steps_mean_multi_channels(
            steps,
            new Float32Array(step.values),
            step.values.length,
          ),
          'ov_preprocess_preprocess_steps_mean_multi_channels',
          context,
        );
      }
      return;
    case 'convertLayout':
      check(
        library.ov_preprocess_preprocess_steps_convert_layout(steps, layout(step.layout, context)),
        'ov_preprocess_preprocess_steps_convert_layout',
        context,
      );
      return;
    case 'convertColor':
      check(
        library.ov_preprocess_preprocess_steps_convert_color(steps, colorFormats[step.colorFormat]),
        'ov_preprocess_preprocess_steps_convert_color',
        context,
      );
      return;
    case 'reverseChannels':
      check(
        library.ov_preprocess_preprocess_steps_reverse_channels(steps),
        'ov_preprocess_preprocess_steps_reverse_channels',
        context,
      );
      return;
  }
}

/** The resize algorithm names {@link buildPrePostProcessing} accepts. */
export const resizeAlgorithmNames: readonly NativeResizeAlgorithm[] = Object.keys(
  resizeAlgorithms,
) as NativeResizeAlgorithm[];

/** The colour format names {@link buildPrePostProcessing} accepts. */
export const colorFormatNames: readonly NativeColorFormat[] = Object.keys(colorFormats) as NativeColorFormat[];
