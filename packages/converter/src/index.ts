/**
 * `@hubvino/converter`: what a user of the converter needs (the README's "Library" section lists
 * and justifies each export). The hub client, the digest and task inference, ovc and the CLI are
 * internal.
 */
export type { InputShapeSpec } from './conversion/input-shape.js';
export { type ConvertOptions, convert, defaultValidationReferences } from './convert.js';
export * from './errors/index.js';
export { type HubSettings, hubSettingsFrom } from './hub/hub-settings.js';
export { type InspectOptions, type InspectResult, inspect } from './inspect/inspect.js';
export type { ModelSignature } from './inspect/model-ports.js';
export type {
  SavedModelSignature,
  SavedModelSignatures,
  SavedModelTensor,
} from './inspect/saved-model-signatures.js';
export { type ListedVersion, listModels } from './list-models.js';
export type { ConvertCallbacks, ConvertProgressEvent, ConvertResult } from './progress-events.js';
export {
  DEFAULT_CALIBRATION_SAMPLES,
  DEFAULT_MAX_AGREEMENT_LOSS,
  DEFAULT_VALIDATION_SAMPLES,
  type OverflowFixMode,
  type QuantizeOptions,
} from './quantize/quantize-options.js';
export {
  INFERENCE_SERVICE_FILE_NAME,
  OVMS_CONFIG_FILE_NAME,
  parseVersionPolicy,
  SERVING_MARKER_FILE_NAME,
  type ServedVersion,
  type ServingConfig,
  type ServingConfigOptions,
  type VersionPolicy,
  writeServingConfig,
} from './serving/serving-config.js';
export { type ResolvedSource, type ResolveSourceOptions, resolveSource } from './source/resolve-source.js';
export {
  type ConvertStyleTransferPairOptions,
  convertStyleTransferPair,
  type StyleTransferPairResult,
  type StyleTransferPartResult,
  styleTransferPartNames,
} from './style-transfer-pair.js';
export { openVinoFrontendReference } from './validation/openvino-frontend-reference.js';
export { tensorFlowReference } from './validation/tensorflow-reference.js';
export {
  DEFAULT_MAX_ABS_DIFF_FP16,
  DEFAULT_MAX_ABS_DIFF_FP32,
  DEFAULT_VALIDATION_SEED,
} from './validation/validate-conversion.js';
export type {
  NumericOutput,
  ValidationContext,
  ValidationReference,
  ValidationReferenceFactory,
} from './validation/validation-reference.js';
