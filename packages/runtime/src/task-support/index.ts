/**
 * `@hubvino/runtime/task-support`: the building blocks of the runtime's tasks that the converter,
 * the demo and the bench reuse (label parsing, dequantization, score post-processing, the tasks'
 * model preparation, image helpers). Internal to the hubvino packages: not part of the user API,
 * and it may change with any minor version.
 */

export { elementByteSize, typedArrayFor } from '../element-type.js';
export { colorHistogram, histogramDistance } from '../image/color-histogram.js';
export { checkEncodeImageOptions } from '../image/encode-image.js';
export { fitAspectRatio } from '../image/fit-aspect-ratio.js';
export { describeImageInput, isRawImage } from '../image/image-input.js';
export {
  DEFAULT_FLATTEN_BACKGROUND,
  DEFAULT_MAX_INPUT_PIXELS,
  SUPPORTED_IMAGE_FORMATS,
} from '../image/image-limits.js';
export { unitRangeToBytes } from '../image/unit-range-to-bytes.js';
export {
  applyCpuPrecision,
  type CpuClass,
  checkInferencePrecision,
  checkLowPrecisionMode,
  cpuClassOf,
  cpuCompileConfig,
  cpuFeaturesFrom,
  INFERENCE_PRECISIONS,
  type InferInChildProcessOptions,
  type IsolatedOutput,
  inferInChildProcess,
  isaLimitKeepsBf16,
  isaLimitKeepsVnni,
  LOW_PRECISION_MODES,
  LOW_PRECISION_OFF_CONFIG,
  parseCpuinfo,
  SATURATING_INT8_EMULATION,
} from '../precision/index.js';
export { type DecodedAudio, describeAudioInput } from '../tasks/audio-classification/audio-input.js';
export {
  type AudioFraming,
  audioWindow,
  meanScores,
  windowCount,
} from '../tasks/audio-classification/audio-windows.js';
export {
  DEFAULT_MAX_AUDIO_SECONDS,
  type DecodeAudioOptions,
  decodeAudio,
} from '../tasks/audio-classification/decode-wav.js';
export { downmixToMono, toMonoAt } from '../tasks/audio-classification/resample-mono.js';
export {
  assertQuantizationParameters,
  dequantize,
  type QuantizationParameters,
  TFLITE_SOFTMAX_QUANTIZATION,
} from '../tasks/common/dequantize.js';
export {
  checkImagePreprocessing,
  type PreparedImageInput,
  prepareImageModel,
} from '../tasks/common/image-preprocessing.js';
export { BACKGROUND_LABEL, createLabelLookup, parseLabels, readLabelsFile } from '../tasks/common/labels.js';
export { sigmoid, softmax } from '../tasks/common/softmax.js';
export { type ScoredIndex, topK } from '../tasks/common/top-k.js';
export {
  type ClassifierOutputValues,
  classificationScores,
  halfToFloat,
  resolveDequantization,
} from '../tasks/image-classification/classification-scores.js';
export { type PoseAgreement, poseAgreement } from '../tasks/pose-estimation/pose-agreement.js';
export { keypointsToImagePixels, type SquarePadding, squarePadding } from '../tasks/pose-estimation/square-padding.js';
export { ONE_PIECE_INPUT_NAMES, ONE_PIECE_STYLE_SIZE } from '../tasks/style-transfer/style-one-piece-model.js';
export {
  type PreparedStylePrediction,
  type PreparedStyleTransfer,
  prepareStylePredictionModel,
  prepareStyleTransferModel,
} from '../tasks/style-transfer/style-transfer-models.js';
export {
  STYLE_ONE_PIECE_ROLE,
  STYLE_PREDICTION_ROLE,
  STYLE_TRANSFER_ROLE,
} from '../tasks/style-transfer/style-transfer-options.js';
