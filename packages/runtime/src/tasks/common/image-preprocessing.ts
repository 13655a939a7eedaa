import { ArgumentError } from '../../errors/argument-error.js';
import type { ResizeMode } from '../../image/fit-aspect-ratio.js';
import type { Model } from '../../model.js';
import { formatShape } from '../../port.js';
import { PrePostProcessor } from '../../pre-post-processor.js';

/**
 * How images are turned into a model's input (the manifest's `preprocessing`). Images are always
 * handed to OpenVINO as u8 RGB NHWC of their own size; the model is extended with OpenVINO
 * PrePostProcessor steps that do the rest (so no per-pixel loop runs in JavaScript):
 * u8 -> f32, bilinear resize to `inputSize`, then the value range, then layout/colour conversion.
 *
 * Resize: OpenVINO's linear (bilinear) resize of the whole image to `inputSize`, without
 * antialiasing, the choice of TF Hub's classification notebook (bilinear to 224x224, aspect ratio
 * not kept). `resizeMode` `center-crop`/`letterbox` first crop/pad to the input's aspect ratio.
 */
export interface ImagePreprocessing {
  /**
   * Values the model expects: `float-0-1` (x / 255, TF Hub SavedModels), `float-minus1-1`
   * (x / 127.5 - 1, TF Lite float classifiers), `uint8` (raw bytes, quantized models).
   */
  valueRange: 'float-0-1' | 'float-minus1-1' | 'uint8';
  /** Model input height and width; default the model's own (static) input size. */
  inputSize?: { height: number; width: number };
  /** `stretch` (default, like TF Hub's notebooks), `center-crop` or `letterbox`; see {@link ResizeMode}. */
  resizeMode?: ResizeMode;
  /** Channel order the model expects; default `RGB`. */
  colorOrder?: 'RGB' | 'BGR';
  /** The model's input layout; default guessed from the shape (`NCHW` when dimension 1 is 3, else `NHWC`). */
  layout?: 'NHWC' | 'NCHW';
}

/** What {@link prepareImageModel} decided, for the task that feeds the model. */
export interface PreparedImageInput {
  /** The input's tensor name (or index as a string when it has none). */
  inputName: string;
  /** Height and width OpenVINO resizes every image to. */
  inputSize: { height: number; width: number };
  resizeMode: ResizeMode;
  /** The model's layout. */
  layout: 'NHWC' | 'NCHW';
}

const valueRanges = ['float-0-1', 'float-minus1-1', 'uint8'] as const;
const resizeModes = ['stretch', 'center-crop', 'letterbox'] as const;

/** Validates {@link ImagePreprocessing} given by a caller. */
export function checkImagePreprocessing(value: unknown, argument = 'preprocessing'): ImagePreprocessing {
  if (typeof value !== 'object' || value === null) {
    throw new ArgumentError(
      `'${argument}' must be an object such as { valueRange: 'float-minus1-1' } (valueRange one of ${valueRanges.join(', ')})`,
      { argument: argument },
    );
  }
  const preprocessing = value as ImagePreprocessing;
  if (!valueRanges.includes(preprocessing.valueRange)) {
    throw new ArgumentError(
      `'${argument}.valueRange' must be one of ${valueRanges.join(', ')} (got ${JSON.stringify(preprocessing.valueRange)})`,
      { argument: `${argument}.valueRange` },
    );
  }
  if (preprocessing.resizeMode !== undefined && !resizeModes.includes(preprocessing.resizeMode)) {
    throw new ArgumentError(
      `'${argument}.resizeMode' must be one of ${resizeModes.join(', ')} (got ${JSON.stringify(preprocessing.resizeMode)})`,
      { argument: `${argument}.resizeMode` },
    );
  }
  if (
    preprocessing.colorOrder !== undefined &&
    preprocessing.colorOrder !== 'RGB' &&
    preprocessing.colorOrder !== 'BGR'
  ) {
    throw new ArgumentError(`'${argument}.colorOrder' must be 'RGB' or 'BGR'`, { argument: `${argument}.colorOrder` });
  }
  if (preprocessing.layout !== undefined && preprocessing.layout !== 'NHWC' && preprocessing.layout !== 'NCHW') {
    throw new ArgumentError(`'${argument}.layout' must be 'NHWC' or 'NCHW'`, { argument: `${argument}.layout` });
  }
  const size = preprocessing.inputSize;
  if (
    size !== undefined &&
    (typeof size !== 'object' ||
      size === null ||
      !Number.isSafeInteger(size.height) ||
      !Number.isSafeInteger(size.width) ||
      size.height < 1 ||
      size.width < 1)
  ) {
    throw new ArgumentError(
      `'${argument}.inputSize' must be { height, width } of positive integers (got ${JSON.stringify(size)})`,
      { argument: `${argument}.inputSize` },
    );
  }
  return preprocessing;
}

/**
 * Extends an image model so it takes u8 RGB NHWC images of any size: fixes the batch to 1 (and the
 * spatial size to `inputSize` when the model's is dynamic), then adds PrePostProcessor steps for
 * the element type, a bilinear resize, the value range, the layout and the channel order. Returns
 * the new Model and disposes `model`.
 * @throws ArgumentError when the model does not have one 4-D image input compatible with `preprocessing`.
 */
export function prepareImageModel(
  model: Model,
  preprocessing: ImagePreprocessing,
): { model: Model; input: PreparedImageInput } {
  checkImagePreprocessing(preprocessing);
  if (model.inputs.length !== 1) {
    throw new ArgumentError(
      `An image model must have exactly one input; this one has ${model.inputs.length} (${model.inputs.map((port) => port.name).join(', ')}).`,
      { argument: 'model' },
    );
  }
  const port = model.input();
  const shape = port.partialShape;
  if (port.dynamicRank || shape.length !== 4) {
    throw new ArgumentError(
      `An image model's input must be 4-D (NHWC or NCHW); '${port.name}' is ${port.dynamicRank ? 'of dynamic rank' : formatShape(shape)}.`,
      { argument: 'model' },
    );
  }
  const layout = preprocessing.layout ?? (shape[1] === 3 && shape[3] !== 3 ? 'NCHW' : 'NHWC');
  const [heightAxis, widthAxis, channelAxis] = layout === 'NHWC' ? [1, 2, 3] : [2, 3, 1];
  const channels = shape[channelAxis] as number;
  if (channels !== 3 && channels !== -1) {
    throw new ArgumentError(
      `An image model's input must have 3 channels in layout ${layout}; '${port.name}' is ${formatShape(shape)}.`,
      { argument: 'model' },
    );
  }
  const modelHeight = shape[heightAxis] as number;
  const modelWidth = shape[widthAxis] as number;
  const inputSize =
    preprocessing.inputSize ??
    (modelHeight > 0 && modelWidth > 0 ? { height: modelHeight, width: modelWidth } : undefined);
  if (inputSize === undefined) {
    throw new ArgumentError(
      `The model's input '${port.name}' ${formatShape(shape)} has a dynamic height/width; pass 'preprocessing.inputSize' ({ height, width }).`,
      { argument: 'preprocessing.inputSize' },
    );
  }
  const elementType = port.elementType;
  if (elementType !== 'f32' && elementType !== 'f16' && elementType !== 'u8') {
    throw new ArgumentError(`An image model's input must be f32, f16 or u8; '${port.name}' is ${elementType}.`, {
      argument: 'model',
    });
  }
  if (elementType === 'u8' && preprocessing.valueRange !== 'uint8') {
    throw new ArgumentError(
      `The model's input '${port.name}' is u8, so 'preprocessing.valueRange' must be 'uint8' (got '${preprocessing.valueRange}').`,
      { argument: 'preprocessing.valueRange' },
    );
  }

  const fixed = [...shape];
  fixed[0] = 1;
  fixed[heightAxis] = inputSize.height;
  fixed[widthAxis] = inputSize.width;
  fixed[channelAxis] = 3;
  if (fixed.some((dimension, axis) => dimension !== shape[axis])) model.reshape(fixed);

  const processor = new PrePostProcessor(model);
  const input = processor.input();
  input.tensor().setElementType('u8').setLayout('NHWC').setColorFormat('RGB').setSpatialDynamicShape();
  input.model().setLayout(layout);
  const steps = input.preprocess();
  if (elementType !== 'u8') steps.convertElementType('f32');
  steps.resize('linear');
  if (preprocessing.valueRange === 'float-0-1') steps.scale(255);
  if (preprocessing.valueRange === 'float-minus1-1') steps.mean(127.5).scale(127.5);
  if ((preprocessing.colorOrder ?? 'RGB') === 'BGR') steps.convertColor('BGR');
  if (layout === 'NCHW') steps.convertLayout('NCHW');
  const built = processor.build();
  model.dispose();
  return {
    model: built,
    input: {
      inputName: port.name || String(port.index),
      inputSize,
      resizeMode: preprocessing.resizeMode ?? 'stretch',
      layout,
    },
  };
}
