import type {
  AudioInputDescription,
  ManifestPort,
  ModelTask,
  Postprocessing,
  Preprocessing,
  SourceFormat,
} from '@hubvino/runtime/artifact';

/** What the source file itself says (TF Lite graph and metadata), when it says it. */
export interface SourceFacts {
  /** Per output: the operator that computes it (`LOGISTIC`, `SOFTMAX`, ...), past reshapes and dequantization. */
  outputOperators?: (string | undefined)[];
  /** The metadata's audio input description (`AudioProperties`). */
  audio?: { sampleRate: number | undefined; channels: number | undefined };
  /** Labels for output 0 from the metadata's associated files. */
  hasLabels?: boolean;
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
  /** Facts read from the source file (TF Lite operators and metadata). */
  source?: SourceFacts;
}

/** The task, role, pre- and post-processing written into the manifest. */
export interface TaskDescription {
  task: ModelTask;
  role: string | undefined;
  preprocessing: Preprocessing | undefined;
  postprocessing: Postprocessing | undefined;
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
  source: SourceFacts | undefined,
): AudioInputDescription | undefined {
  if (inputs.length !== 1 || !inputs[0]) return undefined;
  const windowSamples = waveformLength(inputs[0]);
  const classes = scoreClasses(outputs[0]);
  if (windowSamples === undefined || classes === undefined) return undefined;
  const yamnetShaped = classes === YAMNET.classes && windowSamples === YAMNET.windowSamples;
  const sampleRate = source?.audio?.sampleRate ?? (yamnetShaped ? YAMNET.sampleRate : undefined);
  if (sampleRate === undefined || (source?.audio === undefined && !yamnetShaped)) return undefined;
  const hopSamples = yamnetShaped && sampleRate === YAMNET.sampleRate ? YAMNET.hopSamples : windowSamples;
  return { sampleRate, windowSamples, hopSamples };
}

/** The task inferred from the ports (and what the source file says), when it is obvious. */
export function inferTask(
  inputs: ManifestPort[],
  outputs: ManifestPort[],
  source?: SourceFacts,
): { task: ModelTask; role?: string } {
  const [output] = outputs;
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
  if (describeAudio(inputs, outputs, source)) return { task: 'audio-classification' };
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
  const inferred = inferTask(evidence.inputs, evidence.outputs, evidence.source);
  const task = requested ?? inferred.task;
  const role = task === inferred.task ? inferred.role : undefined;
  const image = evidence.inputs.find(isImage);
  let preprocessing: Preprocessing | undefined;
  if (image && (image.shape[1] ?? -1) > 0 && (image.shape[2] ?? -1) > 0) {
    const valueRange: Preprocessing['valueRange'] =
      image.elementType === 'u8'
        ? 'uint8'
        : task === 'style-transfer' || evidence.format !== 'tflite'
          ? 'float-0-1'
          : 'float-minus1-1';
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
    const probabilities =
      evidence.firstOutputValues !== undefined && looksLikeProbabilities(evidence.firstOutputValues, classes);
    const dequantization = evidence.dequantization[0];
    postprocessing = {
      activation: probabilities ? 'none' : 'softmax',
      ...(labelsFile ? { labelsFile } : {}),
      labelOffset: classes === 1001 ? 1 : 0,
      ...(dequantization && (output?.elementType === 'u8' || output?.elementType === 'i8') ? { dequantization } : {}),
    };
  } else if (task === 'audio-classification') {
    // Multi-label scores: already probabilities when the graph ends in a Logistic/Softmax (YAMNet's
    // TF Lite model: LOGISTIC) or the metadata says so; else logits for a sigmoid.
    const operator = evidence.source?.outputOperators?.[0];
    const values = evidence.firstOutputValues;
    const inUnitRange = values?.every((value) => value >= -1e-6 && value <= 1 + 1e-6);
    const probabilities = operator === 'LOGISTIC' || operator === 'SOFTMAX' || (operator === undefined && inUnitRange);
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
  const audio =
    task === 'audio-classification' ? describeAudio(evidence.inputs, evidence.outputs, evidence.source) : undefined;
  return { task, role, preprocessing, postprocessing, audio };
}
