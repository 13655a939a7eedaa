export { AudioClassifier } from './audio-classification/audio-classifier.js';
export type {
  AudioClassification,
  AudioClassifierLoadOptions,
  AudioClassifyOptions,
  AudioWindowClassification,
} from './audio-classification/audio-classifier-options.js';
export {
  type AudioInput,
  type DecodedAudio,
  describeAudioInput,
  type PcmAudio,
} from './audio-classification/audio-input.js';
export { type AudioFraming, audioWindow, meanScores, windowCount } from './audio-classification/audio-windows.js';
export { DEFAULT_MAX_AUDIO_SECONDS, type DecodeAudioOptions, decodeAudio } from './audio-classification/decode-wav.js';
export { downmixToMono, toMonoAt } from './audio-classification/resample-mono.js';
export type { TaskLoadOptions } from './base/task-artifact.js';
export type { TaskRunOptions } from './base/task-options.js';
export type { TaskTimings } from './base/task-timings.js';
export {
  assertQuantizationParameters,
  dequantize,
  type QuantizationParameters,
  TFLITE_SOFTMAX_QUANTIZATION,
} from './common/dequantize.js';
export {
  checkImagePreprocessing,
  type ImagePreprocessing,
  type PreparedImageInput,
  prepareImageModel,
} from './common/image-preprocessing.js';
export { BACKGROUND_LABEL, createLabelLookup, parseLabels, readLabelsFile } from './common/labels.js';
export { sigmoid, softmax } from './common/softmax.js';
export { type ScoredIndex, topK } from './common/top-k.js';
export type { Classification, ImageClassification } from './image-classification/classification.js';
export {
  type ClassifierOutputValues,
  classificationScores,
  halfToFloat,
  resolveDequantization,
  type ScorePostprocessing,
} from './image-classification/classification-scores.js';
export { ImageClassifier } from './image-classification/image-classifier.js';
export type {
  ClassifierPostprocessing,
  ClassifyOptions,
  ImageClassifierLoadOptions,
  ImageClassifierModelFileOptions,
  ImageClassifierRunOptions,
} from './image-classification/image-classifier-options.js';
export { COCO_KEYPOINT_NAMES, COCO_SKELETON, type Keypoint, type KeypointName } from './pose-estimation/keypoints.js';
export { type PoseAgreement, poseAgreement } from './pose-estimation/pose-agreement.js';
export { PoseEstimator } from './pose-estimation/pose-estimator.js';
export type { Pose, PoseEstimatorLoadOptions } from './pose-estimation/pose-estimator-options.js';
export { keypointsToImagePixels, type SquarePadding, squarePadding } from './pose-estimation/square-padding.js';
export { StyleTransfer } from './style-transfer/style-transfer.js';
export {
  type PreparedStylePrediction,
  type PreparedStyleTransfer,
  prepareStylePredictionModel,
  prepareStyleTransferModel,
  type StyleValueRange,
} from './style-transfer/style-transfer-models.js';
export {
  STYLE_PREDICTION_ROLE,
  STYLE_TRANSFER_DEFAULT_CONFIG,
  STYLE_TRANSFER_ROLE,
  type StyleTransferLoadOptions,
  type StyleTransferModelFilesOptions,
  type StyleTransferParts,
  type StyleTransferRunOptions,
  type StylizedImage,
  type StylizeOptions,
  type StylizeTimings,
} from './style-transfer/style-transfer-options.js';
