import type { EnginePort } from '../../engine/inference-engine.js';
import { ArgumentError } from '../../errors/argument-error.js';
import { formatShape } from '../../port.js';
import { type OutputsByName, outputData } from '../base/task-outputs.js';
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
  /** The scores output, as the engine describes it (in-process or served). */
  output: Omit<EnginePort, 'elementType'> & { elementType: ClassifierOutputElementType };
  classCount: number;
  labels: readonly string[] | undefined;
  label: (index: number) => string;
  activation: ScorePostprocessing['activation'];
  dequantization: QuantizationParameters | undefined;
}

type ClassifierOutputElementType = Parameters<typeof classificationScores>[1];

/**
 * Checks that a model (its engine's outputs: a compiled model's, or a served model's metadata) has
 * one `[1, classes]` output and resolves how it becomes scores.
 * @throws ArgumentError (argument `model`) for another output shape; ArgumentError naming
 *   `labels`/`postprocessing.*` when they do not fit the output.
 */
export function classifierHead(
  outputs: readonly EnginePort[],
  postprocessing: ClassifierPostprocessing,
  labels: readonly string[] | undefined,
): ClassifierHead {
  if (outputs.length !== 1) {
    throw new ArgumentError(
      `An image classifier must have one output (the class scores); this model has ${outputs.length}.`,
      { argument: 'model' },
    );
  }
  const port = outputs[0] as EnginePort;
  const shape = port.shape;
  const classCount = shape[shape.length - 1] ?? -1;
  const leading = shape.slice(0, -1);
  if (shape.length === 0 || classCount < 1 || !leading.every((dimension) => dimension === 1)) {
    throw new ArgumentError(
      `An image classifier's output must be [1, classes] scores; '${port.name}' is ${shape.length === 0 ? 'of dynamic rank' : formatShape(shape)}.`,
      { argument: 'model' },
    );
  }
  const output = { ...port, elementType: port.elementType as ClassifierOutputElementType };
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
export function topClasses(head: ClassifierHead, result: OutputsByName, k: number): Classification[] {
  const values = outputData(result, head.output.name) as ClassifierOutputValues;
  const scores = classificationScores(values, head.output.elementType, head.activation, head.dequantization);
  return topK(scores, k).map(({ index, score }) => ({ label: head.label(index), score, index }));
}
