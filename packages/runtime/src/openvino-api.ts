/**
 * The OpenVINO API of `@hubvino/runtime`, with OpenVINO's nouns and async/sync pairs:
 * Core -> Model -> CompiledModel -> InferRequest, Tensor, PrePostProcessor, InferQueue.
 */
export { CompiledModel } from './compiled-model.js';
export { Core, type OpenVinoVersion } from './core.js';
export {
  type ElementType,
  elementTypes,
  isElementType,
  isTensorElementType,
  type TensorData,
  type TensorElementType,
  tensorElementTypes,
} from './element-type.js';
export { InferQueue } from './infer-queue.js';
export { type InferInput, type InferInputs, InferRequest, type InferResult } from './infer-request.js';
export { Model, type ShapeLike } from './model.js';
export type { Port } from './port.js';
export {
  type ColorFormat,
  type InputInfo,
  type InputModelInfo,
  type InputTensorInfo,
  type OutputInfo,
  type OutputTensorInfo,
  PrePostProcessor,
  type PreProcessSteps,
  type ResizeAlgorithm,
} from './pre-post-processor.js';
export type { PropertyMap } from './properties.js';
export { Tensor } from './tensor.js';
