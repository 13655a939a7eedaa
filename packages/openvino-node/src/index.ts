import { addon } from './addon.js';

export { addon, type NodeAddon } from './addon.js';
export { AsyncInferQueue, type AsyncInferQueueCallback } from './async-infer-queue.js';
export { CompiledModel } from './compiled-model.js';
export { Core, type Version } from './core.js';
export { element, type elementTypeString, type SupportedTypedArray, type TensorElementType } from './element.js';
export { OpenVinoNodeError, type OpenVinoNodeErrorCode } from './errors/openvino-node-error.js';
export { InferRequest } from './infer-request.js';
export { Model } from './model.js';
export { Node } from './node.js';
export { ConstOutput, Output } from './output.js';
export { type Dimension, PartialShape } from './partial-shape.js';
export {
  InputInfo,
  InputModelInfo,
  InputTensorInfo,
  OutputInfo,
  OutputTensorInfo,
  PrePostProcessor,
  PreProcessSteps,
} from './pre-post-processor.js';
export type { OVAny } from './properties.js';
export { resizeAlgorithm } from './resize-algorithm.js';
export { Tensor } from './tensor.js';

export default addon;
