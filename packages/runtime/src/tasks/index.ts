export {
  type AudioClassification,
  AudioClassifier,
  type AudioClassifierLoadOptions,
  type AudioClassifyOptions,
  type AudioWindowClassification,
} from './audio-classification/audio-classifier.js';
export {
  type AudioInput,
  type DecodedAudio,
  describeAudioInput,
  type PcmAudio,
} from './audio-classification/audio-input.js';
export { type AudioFraming, audioWindow, meanScores, windowCount } from './audio-classification/audio-windows.js';
export { DEFAULT_MAX_AUDIO_SECONDS, type DecodeAudioOptions, decodeAudio } from './audio-classification/decode-wav.js';
export { downmixToMono, toMonoAt } from './audio-classification/resample-mono.js';
export { blendBottlenecks, checkStyleStrength } from './blend-bottlenecks.js';
export { BottleneckCache, imageKey } from './bottleneck-cache.js';
export type { Classification } from './classification.js';
export {
  type ClassifierOutputValues,
  classificationScores,
  halfToFloat,
  resolveDequantization,
  type ScorePostprocessing,
} from './classification-scores.js';
export {
  assertQuantizationParameters,
  dequantize,
  type QuantizationParameters,
  TFLITE_SOFTMAX_QUANTIZATION,
} from './dequantize.js';
export {
  type ClassifierPostprocessing,
  type ClassifyOptions,
  ImageClassifier,
  type ImageClassifierLoadOptions,
  type ImageClassifierModelFileOptions,
  type ImageClassifierRunOptions,
} from './image-classifier.js';
export {
  checkImagePreprocessing,
  type ImagePreprocessing,
  type PreparedImageInput,
  prepareImageModel,
} from './image-preprocessing.js';
export { BACKGROUND_LABEL, createLabelLookup, parseLabels, readLabelsFile } from './labels.js';
export { COCO_KEYPOINT_NAMES, COCO_SKELETON, type Keypoint, type KeypointName } from './pose-estimation/keypoints.js';
export { type PoseAgreement, poseAgreement } from './pose-estimation/pose-agreement.js';
export { type Pose, PoseEstimator, type PoseEstimatorLoadOptions } from './pose-estimation/pose-estimator.js';
export { keypointsToImagePixels, type SquarePadding, squarePadding } from './pose-estimation/square-padding.js';
export { sigmoid, softmax } from './softmax.js';
export {
  STYLE_PREDICTION_ROLE,
  STYLE_TRANSFER_DEFAULT_CONFIG,
  STYLE_TRANSFER_ROLE,
  StyleTransfer,
  type StyleTransferLoadOptions,
  type StyleTransferModelFilesOptions,
  type StyleTransferParts,
  type StyleTransferRunOptions,
  type StylizedImage,
  type StylizeOptions,
  type StylizeTimings,
} from './style-transfer.js';
export {
  type PreparedStylePrediction,
  type PreparedStyleTransfer,
  prepareStylePredictionModel,
  prepareStyleTransferModel,
  type StyleValueRange,
} from './style-transfer-models.js';
export { type ScoredIndex, topK } from './top-k.js';
