import type { Stylization } from '../../artifact/manifest.js';
import { ArgumentError } from '../../errors/argument-error.js';
import type { Model } from '../../model.js';
import { formatShape, type Port } from '../../port.js';
import { PrePostProcessor } from '../../pre-post-processor.js';

/**
 * The style size of TF Hub's one-piece Magenta model (`magenta/arbitrary-image-stylization-v1-256`):
 * it was trained on 256x256 style images, and its notebook resizes the style image to that.
 */
export const ONE_PIECE_STYLE_SIZE = Object.freeze({ height: 256, width: 256 });

/** TF Hub's names for the one-piece model's inputs (TF1 placeholders): content, then style. */
export const ONE_PIECE_INPUT_NAMES = Object.freeze({ content: 'placeholder', style: 'placeholder_1' });

/** The one-piece model after {@link prepareOnePieceModel}. */
export interface PreparedOnePiece {
  model: Model;
  /** The content input: u8 RGB NHWC [1,H,W,3] of any size, painted at that size. */
  contentInputName: string;
  /** The style input: u8 RGB NHWC of any size, resized by OpenVINO to {@link PreparedOnePiece.styleSize}. */
  styleInputName: string;
  styleSize: { height: number; width: number };
  /** The stylized image output (f32 NHWC in [0, 1], the content's size). */
  outputName: string;
}

function portName(port: Port): string {
  return port.name || String(port.index);
}

function isImagePort(port: Port): boolean {
  return !port.dynamicRank && port.partialShape.length === 4 && port.partialShape[3] === 3;
}

function hasName(port: Port, name: string): boolean {
  return port.name === name || port.names.includes(name);
}

/**
 * Which input is the content and which the style: the manifest's `stylization` when given, else
 * TF Hub's names (`placeholder`, `placeholder_1`), else the order (content first).
 */
function pickInputs(model: Model, stylization: Stylization | undefined): { content: Port; style: Port } | undefined {
  const [first, second] = model.inputs;
  if (model.inputs.length !== 2 || first === undefined || second === undefined) return undefined;
  const named = (name: string) => model.inputs.find((port) => hasName(port, name));
  const content = named(stylization?.contentInput ?? ONE_PIECE_INPUT_NAMES.content) ?? first;
  const style = named(stylization?.styleInput ?? ONE_PIECE_INPUT_NAMES.style) ?? second;
  return content === style ? { content: first, style: second } : { content, style };
}

/**
 * Extends the one-piece model (content image + style image -> stylized image) so both inputs take u8
 * RGB NHWC images: the content keeps its own height and width (the model is fully convolutional),
 * the style is resized (bilinear) to `styleSize` (the manifest's, else the model's static size,
 * else 256x256); both are scaled to [0, 1] inside the model. Disposes `model`.
 * @throws ArgumentError (argument `model`) when the model is not a one-piece style-transfer model.
 */
export function prepareOnePieceModel(model: Model, stylization: Stylization | undefined): PreparedOnePiece {
  const fail = (message: string): never => {
    model.dispose();
    throw new ArgumentError(message, { argument: 'model' });
  };
  const picked = pickInputs(model, stylization);
  const output = model.outputs.length === 1 ? model.output() : undefined;
  if (picked === undefined || output === undefined) {
    return fail(
      `A one-piece style-transfer model has two image inputs (content, style) and one image output; this one has ${model.inputs.length} input(s) and ${model.outputs.length} output(s).`,
    );
  }
  const { content, style } = picked;
  for (const port of [content, style]) {
    if (!isImagePort(port) || (port.elementType !== 'f32' && port.elementType !== 'f16')) {
      fail(
        `A one-piece style-transfer model's inputs must be f32 NHWC images [1,H,W,3]; '${port.name}' is ${port.dynamicRank ? 'of dynamic rank' : `${formatShape(port.partialShape)} ${port.elementType}`}.`,
      );
    }
  }
  if (!isImagePort(output)) {
    fail(
      `A one-piece style-transfer model's output must be an NHWC image [1,H,W,3]; '${output.name}' is ${output.dynamicRank ? 'of dynamic rank' : formatShape(output.partialShape)}.`,
    );
  }
  const [, styleHeight = -1, styleWidth = -1] = style.partialShape;
  const styleSize =
    stylization?.styleSize ??
    (styleHeight > 0 && styleWidth > 0 ? { height: styleHeight, width: styleWidth } : { ...ONE_PIECE_STYLE_SIZE });
  const contentInputName = portName(content);
  const styleInputName = portName(style);
  const [, contentHeight = -1, contentWidth = -1] = content.partialShape;
  const reshape: Record<string, number[]> = {};
  if (content.partialShape[0] !== 1) reshape[contentInputName] = [1, contentHeight, contentWidth, 3];
  if (style.partialShape[0] !== 1 || styleHeight !== styleSize.height || styleWidth !== styleSize.width) {
    reshape[styleInputName] = [1, styleSize.height, styleSize.width, 3];
  }
  let built: Model;
  try {
    if (Object.keys(reshape).length > 0) model.reshape(reshape);
    const processor = new PrePostProcessor(model);
    const contentInput = processor.input(contentInputName);
    contentInput.tensor().setElementType('u8').setLayout('NHWC').setColorFormat('RGB');
    contentInput.model().setLayout('NHWC');
    contentInput.preprocess().convertElementType('f32').scale(255);
    const styleInput = processor.input(styleInputName);
    styleInput.tensor().setElementType('u8').setLayout('NHWC').setColorFormat('RGB').setSpatialDynamicShape();
    styleInput.model().setLayout('NHWC');
    styleInput.preprocess().convertElementType('f32').resize('linear').scale(255);
    processor.output().tensor().setElementType('f32');
    built = processor.build();
  } catch (error) {
    model.dispose();
    throw error;
  }
  model.dispose();
  return { model: built, contentInputName, styleInputName, styleSize, outputName: portName(output) };
}
