import { type ElementType, isElementType } from './element-type.js';
import { ArgumentError } from './errors/argument-error.js';
import { Model, modelChanged, modelHandle } from './model.js';
import { modelInputs, reshapeModel } from './openvino/native-model.js';
import {
  buildPrePostProcessing,
  colorFormatNames,
  type NativeInputPlan,
  type NativeOutputPlan,
  resizeAlgorithmNames,
} from './openvino/native-pre-post-processor.js';
import { createPort, findPort, formatShape, type Port } from './port.js';

/** Resize algorithm of {@link PreProcessSteps.resize}. */
export type ResizeAlgorithm = 'linear' | 'cubic' | 'nearest';

/** Interleaved colour formats for {@link InputTensorInfo.setColorFormat} and {@link PreProcessSteps.convertColor}. */
export type ColorFormat = 'RGB' | 'BGR' | 'GRAY' | 'RGBX' | 'BGRX';

interface InputState {
  port: Port;
  plan: NativeInputPlan;
  /** Applied after build by reshaping the built model's input. */
  shape?: number[];
  spatialDynamic: boolean;
}

function checkElementType(value: unknown, argument: string): ElementType {
  if (!isElementType(value) || value === 'dynamic') {
    throw new ArgumentError(
      `'${argument}' must be an element type such as 'u8' or 'f32' (got ${JSON.stringify(value)})`,
      { argument: argument },
    );
  }
  return value;
}

/** Splits `NHWC` or `[N,H,W,C]` into axis names. */
function layoutAxes(layout: string): string[] {
  const trimmed = layout.trim();
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
    return trimmed
      .slice(1, -1)
      .split(',')
      .map((axis) => axis.trim().toUpperCase());
  }
  return [...trimmed.toUpperCase()];
}

function checkLayout(value: unknown, argument: string): string {
  if (typeof value !== 'string' || !/^(\??[A-Za-z.?]+|\[[A-Za-z?., ]+\])$/.test(value.trim())) {
    throw new ArgumentError(
      `'${argument}' must be a layout such as 'NHWC', 'NCHW' or '[N,H,W,C]' (got ${JSON.stringify(value)})`,
      { argument: argument },
    );
  }
  return value.trim();
}

function checkValues(value: unknown, argument: string): number[] {
  const values = typeof value === 'number' ? [value] : Array.isArray(value) ? value : undefined;
  if (!values || values.length === 0 || !values.every((item) => typeof item === 'number' && Number.isFinite(item))) {
    throw new ArgumentError(`'${argument}' must be a finite number or a non-empty array of them (one per channel)`, {
      argument: argument,
    });
  }
  return [...values];
}

function checkPositiveInteger(value: unknown, argument: string): number {
  if (!Number.isSafeInteger(value) || (value as number) <= 0) {
    throw new ArgumentError(`'${argument}' must be a positive integer (got ${JSON.stringify(value)})`, {
      argument: argument,
    });
  }
  return value as number;
}

/** Describes the tensor the application will pass for one input. */
export class InputTensorInfo {
  readonly #state: InputState;

  /** Internal: use `prePostProcessor.input().tensor()`. */
  constructor(state: InputState) {
    this.#state = state;
  }

  /** Element type of the tensor you will pass (e.g. `u8` for image bytes). */
  setElementType(elementType: ElementType): this {
    this.#state.plan.tensorElementType = checkElementType(elementType, 'elementType');
    return this;
  }

  /** Layout of the tensor you will pass, e.g. `NHWC`. */
  setLayout(layout: string): this {
    this.#state.plan.tensorLayout = checkLayout(layout, 'layout');
    return this;
  }

  /** Colour format of the tensor you will pass (`RGB`, `BGR`, ...). */
  setColorFormat(colorFormat: ColorFormat): this {
    if (!colorFormatNames.includes(colorFormat)) {
      throw new ArgumentError(`'colorFormat' must be one of ${colorFormatNames.join(', ')}`, {
        argument: 'colorFormat',
      });
    }
    this.#state.plan.tensorColorFormat = colorFormat;
    return this;
  }

  /** Height and width of the tensor you will pass (a fixed size different from the model's). */
  setSpatialStaticShape(height: number, width: number): this {
    this.#state.plan.spatialStaticShape = {
      height: checkPositiveInteger(height, 'height'),
      width: checkPositiveInteger(width, 'width'),
    };
    this.#state.spatialDynamic = false;
    return this;
  }

  /**
   * Lets the tensor you pass have any height and width (add `resize()` to the steps). Needs a
   * layout with `H` and `W` (tensor layout, or the model layout). The C API has no such call, so
   * the built model's input is reshaped with dynamic H and W.
   */
  setSpatialDynamicShape(): this {
    this.#state.spatialDynamic = true;
    this.#state.plan.spatialStaticShape = undefined;
    return this;
  }

  /** The full shape of the tensor you will pass (-1 for dynamic dimensions); applied to the built model's input. */
  setShape(shape: readonly number[]): this {
    if (!Array.isArray(shape) || !shape.every((dimension) => Number.isSafeInteger(dimension) && dimension >= -1)) {
      throw new ArgumentError(`'shape' must be an array of integers (-1 for dynamic), got ${JSON.stringify(shape)}`, {
        argument: 'shape',
      });
    }
    this.#state.shape = [...shape];
    return this;
  }
}

/** Preprocessing steps for one input, applied in the order they are added. */
export class PreProcessSteps {
  readonly #state: InputState;

  /** Internal: use `prePostProcessor.input().preprocess()`. */
  constructor(state: InputState) {
    this.#state = state;
  }

  /** Converts the element type (e.g. `u8` -> `f32`). */
  convertElementType(elementType: ElementType = 'f32'): this {
    this.#state.plan.steps.push({
      kind: 'convertElementType',
      elementType: checkElementType(elementType, 'elementType'),
    });
    return this;
  }

  /** Resizes to the model's height and width (needs layouts with H and W). */
  resize(algorithm: ResizeAlgorithm = 'linear'): this {
    if (!resizeAlgorithmNames.includes(algorithm)) {
      throw new ArgumentError(
        `'algorithm' must be one of ${resizeAlgorithmNames.join(', ')} (got ${JSON.stringify(algorithm)})`,
        { argument: 'algorithm' },
      );
    }
    this.#state.plan.steps.push({ kind: 'resize', algorithm });
    return this;
  }

  /** Divides by `value` (or per channel by `values`). */
  scale(value: number | readonly number[]): this {
    this.#state.plan.steps.push({ kind: 'scale', values: checkValues(value, 'value') });
    return this;
  }

  /** Subtracts `value` (or per channel `values`). */
  mean(value: number | readonly number[]): this {
    this.#state.plan.steps.push({ kind: 'mean', values: checkValues(value, 'value') });
    return this;
  }

  /** Converts to another layout (by default the model's layout). */
  convertLayout(layout: string): this {
    this.#state.plan.steps.push({ kind: 'convertLayout', layout: checkLayout(layout, 'layout') });
    return this;
  }

  /** Converts the colour format (set the tensor's with `setColorFormat` first). */
  convertColor(colorFormat: ColorFormat): this {
    if (!colorFormatNames.includes(colorFormat)) {
      throw new ArgumentError(`'colorFormat' must be one of ${colorFormatNames.join(', ')}`, {
        argument: 'colorFormat',
      });
    }
    this.#state.plan.steps.push({ kind: 'convertColor', colorFormat });
    return this;
  }

  /** Reverses the channel order (RGB <-> BGR). */
  reverseChannels(): this {
    this.#state.plan.steps.push({ kind: 'reverseChannels' });
    return this;
  }
}

/** What the model itself expects on one input. */
export class InputModelInfo {
  readonly #state: InputState;

  /** Internal: use `prePostProcessor.input().model()`. */
  constructor(state: InputState) {
    this.#state = state;
  }

  /** The model's layout for this input, e.g. `NHWC` for TensorFlow models. */
  setLayout(layout: string): this {
    this.#state.plan.modelLayout = checkLayout(layout, 'layout');
    return this;
  }
}

/** Configuration of one input. */
export class InputInfo {
  readonly #tensor: InputTensorInfo;
  readonly #steps: PreProcessSteps;
  readonly #model: InputModelInfo;

  /** Internal: use `prePostProcessor.input()`. */
  constructor(state: InputState) {
    this.#tensor = new InputTensorInfo(state);
    this.#steps = new PreProcessSteps(state);
    this.#model = new InputModelInfo(state);
  }

  /** The tensor the application passes. */
  tensor(): InputTensorInfo {
    return this.#tensor;
  }

  /** The conversion steps. */
  preprocess(): PreProcessSteps {
    return this.#steps;
  }

  /** What the model expects. */
  model(): InputModelInfo {
    return this.#model;
  }
}

/** Describes the tensor the application receives for one output. */
export class OutputTensorInfo {
  readonly #plan: NativeOutputPlan;

  /** Internal: use `prePostProcessor.output().tensor()`. */
  constructor(plan: NativeOutputPlan) {
    this.#plan = plan;
  }

  /** Element type the application receives (converted from the model's). */
  setElementType(elementType: ElementType): this {
    this.#plan.tensorElementType = checkElementType(elementType, 'elementType');
    return this;
  }
}

/** Configuration of one output. */
export class OutputInfo {
  readonly #tensor: OutputTensorInfo;

  /** Internal: use `prePostProcessor.output()`. */
  constructor(plan: NativeOutputPlan) {
    this.#tensor = new OutputTensorInfo(plan);
  }

  /** The tensor the application receives. */
  tensor(): OutputTensorInfo {
    return this.#tensor;
  }
}

/**
 * Adds preprocessing (element type conversion, resize, mean/scale, layout and colour conversion)
 * and output conversion into the model itself, so OpenVINO does it and no per-pixel loop runs in
 * JavaScript:
 *
 * ```ts
 * const processor = new PrePostProcessor(model);
 * processor.input().tensor().setElementType('u8').setLayout('NHWC').setSpatialDynamicShape();
 * processor.input().preprocess().convertElementType('f32').resize('linear').scale(255);
 * processor.input().model().setLayout('NHWC');
 * processor.output().tensor().setElementType('f32');
 * const withPreprocessing = processor.build(); // `model` itself now takes u8 NHWC images
 * ```
 *
 * As in OpenVINO's C, C++ and Python APIs, {@link PrePostProcessor.build} changes the source model in
 * place: afterwards `model` and the returned Model are two handles on the same processed model
 * (`model.inputs`, `core.compileModel(model)` and the returned Model agree). Dispose each handle.
 */
export class PrePostProcessor {
  readonly #model: Model;
  readonly #inputs = new Map<number, { state: InputState; info: InputInfo }>();
  readonly #outputs = new Map<number, { plan: NativeOutputPlan; info: OutputInfo }>();

  /** @throws ArgumentError when `model` is not a Model. */
  constructor(model: Model) {
    if (!(model instanceof Model))
      throw new ArgumentError(`'model' must be a Model from core.readModel()`, { argument: 'model' });
    this.#model = model;
  }

  /** Configuration of an input (by name or index; no argument for the only input). */
  input(nameOrIndex?: string | number): InputInfo {
    const port = findPort(this.#model.inputs, nameOrIndex, 'nameOrIndex', 'input');
    let entry = this.#inputs.get(port.index);
    if (!entry) {
      const state: InputState = { port, plan: { index: port.index, steps: [] }, spatialDynamic: false };
      entry = { state, info: new InputInfo(state) };
      this.#inputs.set(port.index, entry);
    }
    return entry.info;
  }

  /** Configuration of an output (by name or index; no argument for the only output). */
  output(nameOrIndex?: string | number): OutputInfo {
    const port = findPort(this.#model.outputs, nameOrIndex, 'nameOrIndex', 'output');
    let entry = this.#outputs.get(port.index);
    if (!entry) {
      const plan: NativeOutputPlan = { index: port.index };
      entry = { plan, info: new OutputInfo(plan) };
      this.#outputs.set(port.index, entry);
    }
    return entry.info;
  }

  /**
   * Builds the processing into the source model (in place, as OpenVINO does) and returns a new
   * handle on it; the source Model's ports are read again on next use, so they report the new
   * element types and shapes. Dispose both handles.
   * @throws ArgumentError for a dynamic spatial shape without H/W layout; OpenVinoError when OpenVINO refuses the plan.
   */
  build(): Model {
    const states = [...this.#inputs.values()].map((entry) => entry.state);
    const source = this.#model[modelHandle]();
    for (const state of states) {
      if (state.spatialDynamic && !state.plan.tensorLayout && !state.plan.modelLayout) {
        throw new ArgumentError(
          `input '${state.port.name || state.port.index}': setSpatialDynamicShape() needs a layout with H and W; call tensor().setLayout('NHWC') (or model().setLayout)`,
          { argument: 'setSpatialDynamicShape' },
        );
      }
    }
    let pointer: bigint;
    try {
      pointer = buildPrePostProcessing(
        source.pointer,
        states.map((state) => state.plan),
        [...this.#outputs.values()].map((entry) => entry.plan),
      );
    } finally {
      // OpenVINO may have changed the model even when a later step failed.
      this.#model[modelChanged]();
    }
    const built = new Model(pointer);
    try {
      const reshapes: { index: number; shape: number[] }[] = [];
      const builtInputs = modelInputs(pointer).map(createPort);
      for (const state of states) {
        if (state.shape) {
          reshapes.push({ index: state.port.index, shape: state.shape });
        } else if (state.spatialDynamic) {
          const port = builtInputs[state.port.index] as (typeof builtInputs)[number];
          const axes = layoutAxes(state.plan.tensorLayout ?? state.plan.modelLayout ?? '');
          const height = axes.indexOf('H');
          const width = axes.indexOf('W');
          if (height < 0 || width < 0 || port.dynamicRank || port.partialShape.length !== axes.length) {
            throw new ArgumentError(
              `input '${port.name || port.index}' ${formatShape(port.partialShape)} has no H and W axes in layout '${state.plan.tensorLayout ?? state.plan.modelLayout}'`,
              { argument: 'setSpatialDynamicShape' },
            );
          }
          const shape = [...port.partialShape];
          shape[height] = -1;
          shape[width] = -1;
          reshapes.push({ index: state.port.index, shape });
        }
      }
      if (reshapes.length > 0) {
        reshapeModel(pointer, reshapes);
      }
      return built;
    } catch (error) {
      built.dispose();
      throw error;
    } finally {
      this.#model[modelChanged]();
    }
  }
}
