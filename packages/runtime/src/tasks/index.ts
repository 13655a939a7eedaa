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
export { sigmoid, softmax } from './softmax.js';
export { type ScoredIndex, topK } from './top-k.js';
