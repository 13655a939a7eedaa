import type { CompiledModel } from '../../compiled-model.js';
import { ArgumentError } from '../../errors/argument-error.js';
import type { InferResult } from '../../infer-request.js';
import { formatShape, type Port, portKey } from '../../port.js';
import { outputData } from '../base/task-outputs.js';
import type { QuantizationParameters } from '../common/dequantize.js';
import { createLabelLookup } from '../common/labels.js';
import { topK } from '../common/top-k.js';
import type { Classification } from './classification.js';
import {
  type ClassifierOutputValues,
  classificationScores,
  resolveDequantization,
  type ScorePostprocessing,
} from './classification-scores.js';
import type { ClassifierPostprocessing } from './image-classifier-options.js';

/** The scoring end of a compiled classifier: its one output and how it becomes labelled classes. */
export interface ClassifierHead {
  output: Port;
  classCount: number;
  labels: readonly string[] | undefined;
  label: (index: number) => string;
  activation: ScorePostprocessing['activation'];
  dequantization: QuantizationParameters | undefined;
}

/**
 * Checks that a compiled model has one `[1, classes]` output and resolves how it becomes scores.
 * @throws ArgumentError (argument `model`) for another output shape; ArgumentError naming
 *   `labels`/`postprocessing.*` when they do not fit the output.
 */
export function classifierHead(
  compiledModel: CompiledModel,
  postprocessing: ClassifierPostprocessing,
  labels: readonly string[] | undefined,
): ClassifierHead {
  if (compiledModel.outputs.length !== 1) {
    throw new ArgumentError(
      `An image classifier must have one output (the class scores); this model has ${compiledModel.outputs.length}.`,
      { argument: 'model' },
    );
  }
  const output = compiledModel.output();
  const shape = output.partialShape;
  const classCount = shape[shape.length - 1] ?? -1;
  const leading = shape.slice(0, -1);
  if (output.dynamicRank || classCount < 1 || !leading.every((dimension) => dimension === 1)) {
    throw new ArgumentError(
      `An image classifier's output must be [1, classes] scores; '${output.name}' is ${output.dynamicRank ? 'of dynamic rank' : formatShape(shape)}.`,
      { argument: 'model' },
    );
  }
  return {
    output,
    classCount,
    labels,
    label: createLabelLookup(labels, classCount, postprocessing.labelOffset ?? 0),
    activation: postprocessing.activation,
    dequantization: resolveDequantization(output.elementType, postprocessing),
  };
}

/**
 * The `k` best classes of one inference's result, best first.
 * @throws ModelOutputError when the result lacks the classifier's output.
 */
export function topClasses(head: ClassifierHead, result: InferResult, k: number): Classification[] {
  const values = outputData(result, portKey(head.output)) as ClassifierOutputValues;
  const scores = classificationScores(values, head.output.elementType, head.activation, head.dequantization);
  return topK(scores, k).map(({ index, score }) => ({ label: head.label(index), score, index }));
}
