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
export { classMask } from './image-segmentation/class-mask.js';
export { pascalColour, type Rgb } from './image-segmentation/colour-overlay.js';
export {
  ImageSegmenter,
  type ImageSegmenterLoadOptions,
  type SegmentOptions,
} from './image-segmentation/image-segmenter.js';
export type { Segmentation, SegmentedClass } from './image-segmentation/segmentation.js';
export { BACKGROUND_LABEL, createLabelLookup, parseLabels, readLabelsFile } from './labels.js';
export {
  boxIou,
  DEFAULT_SCORE_THRESHOLD,
  type DetectOptions,
  decodeDetections,
} from './object-detection/decode-detections.js';
export type { BoundingBox, Detection } from './object-detection/detection.js';
export { ObjectDetector, type ObjectDetectorLoadOptions } from './object-detection/object-detector.js';
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
