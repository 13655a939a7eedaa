import { AsyncInferQueue } from './async-infer-queue.js';
import { CompiledModel } from './compiled-model.js';
import { Core } from './core.js';
import { element } from './element.js';
import { InferRequest } from './infer-request.js';
import { Model } from './model.js';
import { Node } from './node.js';
import { ConstOutput, Output } from './output.js';
import { PartialShape } from './partial-shape.js';
import { PrePostProcessor } from './pre-post-processor.js';
import { resizeAlgorithm } from './resize-algorithm.js';
import { getOpenvinoVersion, saveModelSync } from './save-model.js';
import { Tensor } from './tensor.js';

/**
 * openvino-node's `addon` object: the classes, enums and functions of its `types/addon.d.ts`,
 * served by @hubvino/runtime on the OpenVINO C API.
 */
export const addon = Object.freeze({
  Core,
  Model,
  Node,
  CompiledModel,
  Tensor,
  InferRequest,
  Output,
  ConstOutput,
  PartialShape,
  AsyncInferQueue,
  preprocess: Object.freeze({ resizeAlgorithm, PrePostProcessor }),
  saveModelSync,
  getOpenvinoVersion,
  element,
  resizeAlgorithm,
});

/** The type of {@link addon}. */
export type NodeAddon = typeof addon;
