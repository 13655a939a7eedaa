export { type LoadArtifactOptions, type LoadedArtifact, loadArtifact } from './artifact/load-artifact.js';
export { CompiledModel } from './compiled-model.js';
export { Core, type OpenVinoVersion } from './core.js';
export { NativeObject } from './disposable.js';
export {
  type ElementType,
  elementByteSize,
  isElementType,
  type TensorData,
  tensorElementTypes,
  typedArrayFor,
} from './element-type.js';
export * from './errors/index.js';
export * from './image/index.js';
export { InferQueue } from './infer-queue.js';
export { type InferInput, type InferInputs, InferRequest, type InferResult } from './infer-request.js';
export { Model, type ShapeLike } from './model.js';
export type { Port } from './port.js';
export {
  type ColorFormat,
  InputInfo,
  InputModelInfo,
  InputTensorInfo,
  OutputInfo,
  OutputTensorInfo,
  PrePostProcessor,
  PreProcessSteps,
  type ResizeAlgorithm,
} from './pre-post-processor.js';
export * from './precision/index.js';
export type { PropertyMap } from './properties.js';
export * from './tasks/index.js';
export { Tensor } from './tensor.js';
export * from './toolchain/index.js';
