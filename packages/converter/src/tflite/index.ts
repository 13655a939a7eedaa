export { builtinOperatorName, TFLITE_BUILTIN_OPERATORS } from './builtin-operators.js';
export { readTfliteSignature } from './read-tflite-tensors.js';
export {
  ASSOCIATED_FILE_TYPES,
  type AssociatedFileInfo,
  type AssociatedFileType,
  type NormalizationInfo,
  parseTfliteMetadata,
  type TensorMetadataInfo,
  type TfliteMetadata,
} from './tflite-metadata.js';
export {
  metadataLabels,
  parseTfliteModel,
  readTfliteModel,
  type TfliteModel,
  type TfliteOperatorInfo,
  type TfliteOutputProducer,
  type TfliteSignature,
  type TfliteTensorInfo,
} from './tflite-model.js';
