import { ArgumentError } from '../../errors/argument-error.js';
import type { Model } from '../../model.js';
import { formatShape, type Port } from '../../port.js';
import { PrePostProcessor } from '../../pre-post-processor.js';
import { type PreparedImageInput, prepareImageModel } from '../common/image-preprocessing.js';

/** Value ranges a style-transfer image input may expect (Magenta's parts take `[0, 1]`). */
export type StyleValueRange = 'float-0-1' | 'float-minus1-1';

/** The style-prediction part after {@link prepareStylePredictionModel}. */
export interface PreparedStylePrediction {
  model: Model;
  input: PreparedImageInput;
  /** The bottleneck output's name (or index as a string). */
  outputName: string;
  /** Number of values in the style bottleneck (100 for Magenta). */
  bottleneckSize: number;
}

/** The style-transfer part after {@link prepareStyleTransferModel}. */
export interface PreparedStyleTransfer {
  model: Model;
  /** The content image input (u8 RGB NHWC of any size after preparation). */
  contentInputName: string;
  /** The style bottleneck input. */
  bottleneckInputName: string;
  /** Height and width OpenVINO resizes the content image to (384x384 for Magenta). */
  inputSize: { height: number; width: number };
  /** Number of values the bottleneck input takes. */
  bottleneckSize: number;
  /** The stylized image output (f32 NHWC in [0, 1]). */
  outputName: string;
}

function portName(port: Port): string {
  return port.name || String(port.index);
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, dimension) => product * dimension, 1);
}

/**
 * Extends the style-prediction part (style image -> bottleneck) so it takes u8 RGB NHWC images of
 * any size, resized and scaled by OpenVINO. Disposes `model`.
 * @throws ArgumentError (argument `models.prediction`) when the model is not a style predictor.
 */
export function prepareStylePredictionModel(model: Model, valueRange: StyleValueRange): PreparedStylePrediction {
  if (model.outputs.length !== 1) {
    const count = model.outputs.length;
    model.dispose();
    throw new ArgumentError(
      `The style-prediction model must have one output (the style bottleneck); this one has ${count}. Did you swap 'prediction' and 'transfer'?`,
      { argument: 'models.prediction' },
    );
  }
  const output = model.output();
  if (output.dynamicRank || output.isDynamic || output.elementType !== 'f32') {
    const described = output.dynamicRank
      ? 'of dynamic rank'
      : `${formatShape(output.partialShape)} ${output.elementType}`;
    model.dispose();
    throw new ArgumentError(
      `The style-prediction model's output must be a static f32 bottleneck such as [1,1,1,100]; '${output.name}' is ${described}.`,
      { argument: 'models.prediction' },
    );
  }
  const outputName = portName(output);
  const bottleneckSize = elementCount(output.partialShape);
  let prepared: ReturnType<typeof prepareImageModel>;
  try {
    prepared = prepareImageModel(model, { valueRange, resizeMode: 'center-crop' });
  } catch (error) {
    model.dispose();
    if (error instanceof ArgumentError) {
      throw new ArgumentError(
        `The style-prediction model must take one image: ${error.message} Did you swap 'prediction' and 'transfer'?`,
        { argument: 'models.prediction', cause: error },
      );
    }
    throw error;
  }
  return { model: prepared.model, input: prepared.input, outputName, bottleneckSize };
}

/**
 * Extends the style-transfer part (content image + bottleneck -> stylized image) so its content
 * input takes u8 RGB NHWC images of any size: OpenVINO converts to f32, resizes (bilinear) to the
 * model's size and scales to `valueRange` inside the model. The bottleneck input is left as is.
 * Disposes `model`.
 * @throws ArgumentError (argument `models.transfer`) when the model is not a style-transfer part.
 */
export function prepareStyleTransferModel(model: Model, valueRange: StyleValueRange): PreparedStyleTransfer {
  const fail = (message: string): never => {
    model.dispose();
    throw new ArgumentError(message, { argument: 'models.transfer' });
  };
  if (model.inputs.length !== 2 || model.outputs.length !== 1) {
    fail(
      `The style-transfer model must have two inputs (content image, style bottleneck) and one output; this one has ${model.inputs.length} and ${model.outputs.length}. Did you swap 'prediction' and 'transfer'?`,
    );
  }
  const isImage = (port: Port) =>
    !port.dynamicRank &&
    port.partialShape.length === 4 &&
    port.partialShape[3] === 3 &&
    (port.partialShape[1] ?? 0) > 1;
  const content = model.inputs.find(isImage);
  const bottleneck = model.inputs.find((port) => port !== content);
  if (content === undefined || bottleneck === undefined) {
    return fail(
      `The style-transfer model needs an NHWC image input [1,H,W,3]; its inputs are ${model.inputs.map((port) => `'${port.name}' ${formatShape(port.partialShape)}`).join(', ')}.`,
    );
  }
  const height = content.partialShape[1] as number;
  const width = content.partialShape[2] as number;
  if (height < 1 || width < 1 || (content.elementType !== 'f32' && content.elementType !== 'f16')) {
    fail(
      `The style-transfer model's content input must be a static f32 [1,H,W,3]; '${content.name}' is ${formatShape(content.partialShape)} ${content.elementType}.`,
    );
  }
  if (bottleneck.dynamicRank || bottleneck.isDynamic || bottleneck.elementType !== 'f32') {
    fail(
      `The style-transfer model's bottleneck input must be a static f32 tensor; '${bottleneck.name}' is ${bottleneck.dynamicRank ? 'of dynamic rank' : `${formatShape(bottleneck.partialShape)} ${bottleneck.elementType}`}.`,
    );
  }
  const output = model.output();
  if (output.dynamicRank || output.partialShape.length !== 4 || output.partialShape[3] !== 3) {
    fail(
      `The style-transfer model's output must be an NHWC image [1,H,W,3]; '${output.name}' is ${output.dynamicRank ? 'of dynamic rank' : formatShape(output.partialShape)}.`,
    );
  }
  const contentInputName = portName(content);
  const processor = new PrePostProcessor(model);
  const input = processor.input(contentInputName);
  input.tensor().setElementType('u8').setLayout('NHWC').setColorFormat('RGB').setSpatialDynamicShape();
  input.model().setLayout('NHWC');
  const steps = input.preprocess().convertElementType('f32').resize('linear');
  if (valueRange === 'float-0-1') steps.scale(255);
  else steps.mean(127.5).scale(127.5);
  processor.output().tensor().setElementType('f32');
  let built: Model;
  try {
    built = processor.build();
  } finally {
    model.dispose();
  }
  return {
    model: built,
    contentInputName,
    bottleneckInputName: portName(bottleneck),
    inputSize: { height, width },
    bottleneckSize: elementCount(bottleneck.partialShape),
    outputName: portName(output),
  };
}
