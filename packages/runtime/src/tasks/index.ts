/** The tasks' public API: each task's class, options and results, and what every task shares. */

export { AudioClassifier } from './audio-classification/audio-classifier.js';
export type {
  AudioClassification,
  AudioClassifierLoadOptions,
  AudioClassifyOptions,
  AudioWindowClassification,
} from './audio-classification/audio-classifier-options.js';
export type { AudioInput, PcmAudio } from './audio-classification/audio-input.js';
export type { RemoteTaskOptions } from './base/remote-task.js';
export type { TaskLoadOptions } from './base/task-artifact.js';
export type { TaskRunOptions } from './base/task-options.js';
export type { TaskTimings } from './base/task-timings.js';
export type { ImagePreprocessing } from './common/image-preprocessing.js';
export type { Classification, ImageClassification } from './image-classification/classification.js';
export type { ScorePostprocessing } from './image-classification/classification-scores.js';
export { ImageClassifier, type ImageClassifierRemoteOptions } from './image-classification/image-classifier.js';
export type {
  ClassifierPostprocessing,
  ClassifyOptions,
  ImageClassifierLoadOptions,
  ImageClassifierModelFileOptions,
  ImageClassifierRunOptions,
} from './image-classification/image-classifier-options.js';
export type { Rgb } from './image-segmentation/colour-overlay.js';
export { ImageSegmenter } from './image-segmentation/image-segmenter.js';
export type { ImageSegmenterLoadOptions, SegmentOptions } from './image-segmentation/image-segmenter-options.js';
export type { Segmentation, SegmentedClass } from './image-segmentation/segmentation.js';
export { DEFAULT_SCORE_THRESHOLD, type DetectOptions } from './object-detection/decode-detections.js';
export type { BoundingBox, Detection } from './object-detection/detection.js';
export { ObjectDetector } from './object-detection/object-detector.js';
export type { ObjectDetection, ObjectDetectorLoadOptions } from './object-detection/object-detector-options.js';
export { COCO_KEYPOINT_NAMES, COCO_SKELETON, type Keypoint, type KeypointName } from './pose-estimation/keypoints.js';
export { PoseEstimator } from './pose-estimation/pose-estimator.js';
export type { Pose, PoseEstimatorLoadOptions } from './pose-estimation/pose-estimator-options.js';
export { StyleTransfer, type StyleTransferForm } from './style-transfer/style-transfer.js';
export type { StyleValueRange } from './style-transfer/style-transfer-models.js';
export {
  STYLE_TRANSFER_DEFAULT_CONFIG,
  type StyleTransferLoadOptions,
  type StyleTransferModelFilesOptions,
  type StyleTransferParts,
  type StyleTransferRunOptions,
  type StylizedImage,
  type StylizeOptions,
  type StylizeTimings,
} from './style-transfer/style-transfer-options.js';
