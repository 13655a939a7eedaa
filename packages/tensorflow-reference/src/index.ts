export { argmax, type CompareOptions, compareOutputs, type OutputComparison } from './compare-outputs.js';
export {
  assertSavedModelDirectory,
  dtypeName,
  findSignature,
  inspectSavedModel,
  type MetaGraphInfo,
  type SavedModelInfo,
  type SignatureInfo,
  type SignatureTensor,
} from './inspect-saved-model.js';
export {
  buildAddonCommand,
  loadTensorFlow,
  type TensorFlowAddonStatus,
  type TensorFlowNode,
  tensorFlowAddonStatus,
} from './load-tensorflow.js';
export {
  openSavedModel,
  runSavedModel,
  type SavedModelInputs,
  type SavedModelOptions,
  SavedModelSession,
} from './saved-model-session.js';
export {
  elementCount,
  float32Tensor,
  type TensorData,
  type TensorDataArrays,
  type TensorDataType,
} from './tensor-data.js';
export { TensorFlowError } from './tensorflow-error.js';
