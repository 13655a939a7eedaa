import { ArgumentError } from '@hubvino/runtime';
import type {
  AudioInputDescription,
  ManifestPort,
  ModelTask,
  Postprocessing,
  Preprocessing,
  SourceFormat,
} from '@hubvino/runtime/artifact';
import type { DetectionPostprocessOptions } from '../conversion/convert-detection-postprocess.js';

/** What the TF Lite metadata says about an audio input (`AudioProperties`). */
export interface AudioFacts {
  sampleRate: number | undefined;
  channels: number | undefined;
}

/** What the conversion knows when it describes the artifact. */
export interface TaskEvidence {
  format: SourceFormat;
  /** IR inputs/outputs. */
  inputs: ManifestPort[];
  outputs: ManifestPort[];
  /** Per IR output: TF Lite output quantization, when the output is quantized. */
  dequantization: ({ scale: number; zeroPoint: number } | undefined)[];
  /** The IR's first output on the validation input (dequantized), to tell probabilities from logits. */
  firstOutputValues: Float64Array | undefined;
  /** The SSD post-processing op's options, when the model ends in `TFLite_Detection_PostProcess`. */
  detection?: DetectionPostprocessOptions;
  /**
   * The operator that computes the first output, when the graph says (TF Lite: `SOFTMAX`,
   * `LOGISTIC`, `CONV_2D`...). A Softmax / Logistic output already holds probabilities.
   */
  firstOutputProducer?: string | undefined;
  /** TF Lite metadata normalization of the image input (`(x - mean) / std`), when present. */
  inputNormalization?: { mean: number[]; std: number[] } | undefined;
  /** TF Lite metadata audio properties of the input, when the metadata marks it as audio. */
  inputAudio?: AudioFacts | undefined;
}

/** The task, role, pre- and post-processing written into the manifest. */
export interface TaskDescription {
  task: ModelTask;
  role: string | undefined;
  preprocessing: Preprocessing | undefined;
  postprocessing: Postprocessing | undefined;
  /** Compile settings the task needs (style transfer: f32, see the runtime's STYLE_TRANSFER_DEFAULT_CONFIG). */
  compileConfig: Record<string, string>;
  /** Audio models: sample rate and windowing. */
  audio: AudioInputDescription | undefined;
}

const STYLE_BOTTLENECK = 100;

function isImage(port: ManifestPort): boolean {
  return port.shape.length === 4 && port.shape[3] === 3;
}

function isBottleneck(port: ManifestPort): boolean {
  return (
    port.shape.length === 4 && port.shape.at(-1) === STYLE_BOTTLENECK && port.shape[1] === 1 && port.shape[2] === 1
  );
}

/** TF Hub's names for the one-piece Magenta SavedModel's inputs (TF1 placeholders). */
const ONE_PIECE_NAMES = { content: 'placeholder', style: 'placeholder_1' } as const;

/**
 * The content and style inputs of a one-piece style-transfer model (TF Hub's
 * `magenta/arbitrary-image-stylization-v1-256/2` SavedModel: `placeholder` content [1,H,W,3] +
 * `placeholder_1` style [1,h,w,3] -> `output_0` image [1,H,W,3]), when the ports are those: two NHWC
 * image inputs and one NHWC image output. Content and style are told apart by TF Hub's names,
 * else by order (content first).
 */
export function onePieceStyleInputs(
  inputs: readonly ManifestPort[],
  outputs: readonly ManifestPort[],
): { content: ManifestPort; style: ManifestPort } | undefined {
  const [first, second] = inputs;
  const [output] = outputs;
  if (inputs.length !== 2 || outputs.length !== 1 || !first || !second || !output) return undefined;
  if (!isImage(first) || !isImage(second) || !isImage(output)) return undefined;
  const named = (name: string) => inputs.find((port) => port.name === name || port.names.includes(name));
  const content = named(ONE_PIECE_NAMES.content);
  const style = named(ONE_PIECE_NAMES.style);
  return content && style && content !== style ? { content, style } : { content: first, style: second };
}

/** Outputs of TF Lite's SSD post-processing op: boxes [1, D, 4], classes [1, D], scores [1, D], count [1]. */
export interface DetectionOutputs {
  boxes: string;
  classes: string;
  scores: string;
  count: string;
}

/** The SSD post-processing outputs, in TF Lite's order, when `outputs` are exactly those. */
export function detectionOutputs(outputs: readonly ManifestPort[]): DetectionOutputs | undefined {
  if (outputs.length !== 4) return undefined;
  const [boxes, classes, scores, count] = outputs as [ManifestPort, ManifestPort, ManifestPort, ManifestPort];
  const detections = boxes.shape[1] ?? -1;
  const isRow = (port: ManifestPort) => port.shape.length === 2 && port.shape[0] === 1 && port.shape[1] === detections;
  if (
    boxes.shape.length === 3 &&
    boxes.shape[0] === 1 &&
    detections > 0 &&
    boxes.shape[2] === 4 &&
    isRow(classes) &&
    isRow(scores) &&
    count.shape.length === 1 &&
    count.shape[0] === 1
  ) {
    return { boxes: boxes.name, classes: classes.name, scores: scores.name, count: count.name };
  }
  return undefined;
}

/** A per-pixel class-score map [1, H, W, classes] (H, W >= 8, at least 2 classes). */
function isClassMap(port: ManifestPort): boolean {
  const [batch, height = 0, width = 0, classes = 0] = port.shape;
  return port.shape.length === 4 && batch === 1 && height >= 8 && width >= 8 && classes >= 2 && classes !== 3;
}

/** COCO keypoints of a single-pose model (MoveNet): [1, 1, 17, 3] or [1, 17, 3] of (y, x, score). */
function isKeypointOutput(port: ManifestPort): boolean {
  const shape = port.shape;
  return (
    (shape.length === 4 || shape.length === 3) &&
    shape.at(-1) === 3 &&
    shape.at(-2) === COCO_KEYPOINTS &&
    shape.slice(0, -2).every((dimension) => dimension === 1)
  );
}

/** A waveform input: f32 [samples] or [1, samples]. */
function waveformLength(port: ManifestPort): number | undefined {
  const shape = port.shape;
  if (port.elementType !== 'f32') return undefined;
  if (shape.length === 1 && (shape[0] ?? 0) > 0) return shape[0];
  if (shape.length === 2 && shape[0] === 1 && (shape[1] ?? 0) > 0) return shape[1];
  return undefined;
}

/** Class scores [1, classes]. */
function scoreClasses(port: ManifestPort | undefined): number | undefined {
  if (port?.shape.length !== 2 || port.shape[0] !== 1 || (port.shape[1] ?? 0) < 2) return undefined;
  return port.shape[1];
}

const COCO_KEYPOINTS = 17;
/** YAMNet (TF Hub `yamnet/classification`): 521 AudioSet classes from 15600 samples (0.975 s) at 16 kHz. */
const YAMNET = { classes: 521, windowSamples: 15600, sampleRate: 16000, hopSamples: 7680 };

/**
 * The audio description of a waveform classifier: the sample rate from the TF Lite metadata
 * (`AudioProperties`), or YAMNet's 16 kHz when the ports are YAMNet's; the hop is YAMNet's patch hop
 * (0.48 s, `patch_hop_seconds` in its params.py) for YAMNet-shaped models, else windows do not overlap.
 */
export function describeAudio(
  inputs: ManifestPort[],
  outputs: ManifestPort[],
  audio: AudioFacts | undefined,
): AudioInputDescription | undefined {
  if (inputs.length !== 1 || !inputs[0]) return undefined;
  const windowSamples = waveformLength(inputs[0]);
  const classes = scoreClasses(outputs[0]);
  if (windowSamples === undefined || classes === undefined) return undefined;
  const yamnetShaped = classes === YAMNET.classes && windowSamples === YAMNET.windowSamples;
  const sampleRate = audio?.sampleRate ?? (yamnetShaped ? YAMNET.sampleRate : undefined);
  if (sampleRate === undefined || (audio === undefined && !yamnetShaped)) return undefined;
  const hopSamples = yamnetShaped && sampleRate === YAMNET.sampleRate ? YAMNET.hopSamples : windowSamples;
  return { sampleRate, windowSamples, hopSamples };
}

/** The task inferred from the ports (and the TF Lite metadata's audio properties), when it is obvious. */
export function inferTask(
  inputs: ManifestPort[],
  outputs: ManifestPort[],
  audio?: AudioFacts,
): { task: ModelTask; role?: string } {
  const [output] = outputs;
  const oneImageInput = inputs.length === 1 && inputs[0] !== undefined && isImage(inputs[0]);
  if (oneImageInput && detectionOutputs(outputs)) return { task: 'object-detection' };
  if (oneImageInput && outputs.length === 1 && output && isClassMap(output)) return { task: 'image-segmentation' };
  if (
    inputs.length === 1 &&
    inputs[0] &&
    isImage(inputs[0]) &&
    outputs.length === 1 &&
    output &&
    isKeypointOutput(output)
  ) {
    return { task: 'pose-estimation' };
  }
  if (describeAudio(inputs, outputs, audio)) return { task: 'audio-classification' };
  if (
    outputs.length === 1 &&
    output &&
    output.shape.length === 2 &&
    (output.shape[1] === 1001 || output.shape[1] === 1000)
  ) {
    if (inputs.length === 1 && inputs[0] && isImage(inputs[0])) return { task: 'image-classification' };
  }
  if (
    inputs.length === 1 &&
    inputs[0] &&
    isImage(inputs[0]) &&
    outputs.length === 1 &&
    output &&
    isBottleneck(output)
  ) {
    return { task: 'style-transfer', role: 'style-prediction' };
  }
  if (onePieceStyleInputs(inputs, outputs)) return { task: 'style-transfer', role: 'one-piece' };
  if (
    inputs.length === 2 &&
    inputs.some(isImage) &&
    inputs.some(isBottleneck) &&
    outputs.length === 1 &&
    output &&
    isImage(output)
  ) {
    return { task: 'style-transfer', role: 'style-transfer' };
  }
  return { task: 'generic' };
}

function formatPorts(ports: ManifestPort[]): string {
  return ports.map((port) => `${port.name} [${port.shape.join(',')}]`).join(', ') || 'none';
}

/**
 * Checks that a task asked for (`--task`) fits the model's ports: `style-transfer` needs Magenta's
 * one-piece model (content + style image -> image) or one of its two parts (image -> [1,1,1,100]
 * bottleneck, or image + bottleneck -> image);
 * `image-classification` an image input and a class-score output. `generic` fits anything.
 * @throws ArgumentError naming `task`, the ports and the task that fits.
 */
export function checkTaskFits(requested: ModelTask | undefined, inputs: ManifestPort[], outputs: ManifestPort[]): void {
  if (requested === undefined || requested === 'generic') return;
  const inferred = inferTask(inputs, outputs);
  const scores = outputs[0];
  const fits =
    requested === 'style-transfer'
      ? inferred.task === 'style-transfer'
      : requested === 'image-classification'
        ? inputs.some(isImage) && scores !== undefined && scores.shape.length === 2 && (scores.shape[1] ?? 0) >= 2
        : true;
  if (fits) return;
  throw new ArgumentError(
    `'task' ${requested} does not fit this model (inputs ${formatPorts(inputs)}; outputs ${formatPorts(outputs)}): ${
      requested === 'style-transfer'
        ? 'style transfer needs the one-piece model (content image + style image -> image), a style-prediction part (image -> [1,1,1,100]) or a style-transfer part (image + [1,1,1,100] -> image)'
        : 'image classification needs an NHWC image input and a [batch, classes] output'
    }. This model looks like ${inferred.task}${inferred.role ? ` (${inferred.role})` : ''}; omit --task or pass --task ${inferred.task}.`,
    { argument: 'task' },
  );
}

/** True when every row (last axis) is a probability distribution. */
export function looksLikeProbabilities(values: Float64Array, classes: number): boolean {
  if (classes < 2 || values.length % classes !== 0) return false;
  for (let row = 0; row < values.length / classes; row += 1) {
    let sum = 0;
    for (let column = 0; column < classes; column += 1) {
      const value = values[row * classes + column] as number;
      if (value < -1e-3 || value > 1 + 1e-3) return false;
      sum += value;
    }
    if (Math.abs(sum - 1) > 0.02) return false;
  }
  return true;
}

/**
 * Describes the artifact for the runtime. Image inputs: [0,1] floats for SavedModels / frozen graphs
 * (TF Hub's convention), [-1,1] for float TF Lite classifiers, uint8 for quantized inputs; style
 * transfer always [0,1]. Classifiers: label offset 1 for 1001 outputs ("background" first), softmax
 * unless the outputs already are probabilities, dequantization from the TF Lite file.
 */
export function describeTask(
  requested: ModelTask | undefined,
  evidence: TaskEvidence,
  labelsFile?: string,
): TaskDescription {
  checkTaskFits(requested, evidence.inputs, evidence.outputs);
  const inferred = inferTask(evidence.inputs, evidence.outputs, evidence.inputAudio);
  const task = requested ?? inferred.task;
  const role = task === inferred.task ? inferred.role : undefined;
  const image = evidence.inputs.find(isImage);
  let preprocessing: Preprocessing | undefined;
  if (image && (image.shape[1] ?? -1) > 0 && (image.shape[2] ?? -1) > 0) {
    const normalization = evidence.inputNormalization;
    const fromMetadata =
      normalization && normalization.mean.length > 0 && normalization.std.length > 0
        ? Math.abs((normalization.mean[0] as number) - 127.5) < 1 &&
          Math.abs((normalization.std[0] as number) - 127.5) < 1
          ? 'float-minus1-1'
          : (normalization.mean[0] as number) === 0 && Math.abs((normalization.std[0] as number) - 255) < 1
            ? 'float-0-1'
            : undefined
        : undefined;
    const valueRange: Preprocessing['valueRange'] =
      image.elementType === 'u8'
        ? 'uint8'
        : (fromMetadata ??
          (task === 'style-transfer' || evidence.format !== 'tflite' ? 'float-0-1' : 'float-minus1-1'));
    preprocessing = {
      inputSize: { height: image.shape[1] as number, width: image.shape[2] as number },
      // MoveNet's model card: pad to a square keeping the aspect ratio, then resize.
      resizeMode: task === 'pose-estimation' ? 'letterbox' : 'stretch',
      valueRange,
      colorOrder: 'RGB',
      layout: 'NHWC',
    };
  }
  let postprocessing: Postprocessing | undefined;
  if (task === 'image-classification') {
    const output = evidence.outputs[0];
    const classes = output?.shape.at(-1) ?? 0;
    const producer = evidence.firstOutputProducer;
    const probabilities =
      producer !== undefined
        ? producer === 'SOFTMAX' || producer === 'LOGISTIC'
        : evidence.firstOutputValues !== undefined && looksLikeProbabilities(evidence.firstOutputValues, classes);
    const dequantization = evidence.dequantization[0];
    postprocessing = {
      activation: probabilities ? 'none' : 'softmax',
      ...(labelsFile ? { labelsFile } : {}),
      labelOffset: classes === 1001 ? 1 : 0,
      ...(dequantization && (output?.elementType === 'u8' || output?.elementType === 'i8') ? { dequantization } : {}),
    };
  } else if (task === 'object-detection') {
    const outputs = detectionOutputs(evidence.outputs);
    const options = evidence.detection;
    if (outputs && options) {
      postprocessing = {
        activation: 'none',
        ...(labelsFile ? { labelsFile } : {}),
        labelOffset: 0,
        detection: {
          outputs,
          boxFormat: 'yxyx-normalized',
          nms: options.use_regular_nms ? 'regular' : 'fast',
          maxDetections: options.max_detections,
          iouThreshold: options.nms_iou_threshold,
          scoreThreshold: options.nms_score_threshold,
        },
      };
    }
  } else if (task === 'image-segmentation') {
    const output = evidence.outputs[0];
    if (output && isClassMap(output)) {
      postprocessing = {
        // The class of a pixel is the argmax of its scores, the same for logits and probabilities.
        activation: 'none',
        ...(labelsFile ? { labelsFile } : {}),
        labelOffset: 0,
        segmentation: { output: output.name, classes: output.shape[3] as number },
      };
    }
  } else if (task === 'audio-classification') {
    // Multi-label scores: already probabilities when the graph ends in a Logistic/Softmax (YAMNet's
    // TF Lite model: LOGISTIC), or without graph facts when the values lie in [0, 1]; else logits.
    const producer = evidence.firstOutputProducer;
    const values = evidence.firstOutputValues;
    const probabilities =
      producer !== undefined
        ? producer === 'SOFTMAX' || producer === 'LOGISTIC'
        : values?.every((value) => value >= -1e-6 && value <= 1 + 1e-6) === true;
    const dequantization = evidence.dequantization[0];
    const output = evidence.outputs[0];
    postprocessing = {
      activation: probabilities ? 'none' : 'sigmoid',
      ...(labelsFile ? { labelsFile } : {}),
      labelOffset: 0,
      ...(dequantization && (output?.elementType === 'u8' || output?.elementType === 'i8') ? { dequantization } : {}),
    };
  } else if (labelsFile) {
    postprocessing = { activation: 'none', labelsFile, labelOffset: 0 };
  }
  // f32 inference for tasks whose result bf16 visibly changes: style transfer, and segmentation
  // (DeepLab v3 with bf16 on an AMX Xeon: 2.1% of cats_and_dogs.jpg's pixels change class against
  // TF Lite, over the Task Library's 1% golden-mask tolerance; 0.002% with f32).
  const compileConfig: Record<string, string> =
    task === 'style-transfer' || task === 'image-segmentation' ? { INFERENCE_PRECISION_HINT: 'f32' } : {};
  const audio =
    task === 'audio-classification' ? describeAudio(evidence.inputs, evidence.outputs, evidence.inputAudio) : undefined;
  return { task, role, preprocessing, postprocessing, compileConfig, audio };
}
