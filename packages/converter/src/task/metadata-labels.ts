import type { TfliteModel } from '../tflite/tflite-model.js';
import { metadataLabels } from '../tflite/tflite-model.js';

/**
 * The label file a TF Lite model's metadata packs in (the `.tflite` is also a zip): the first
 * output's axis labels (classifiers, segmenters: one label per class), else the first output whose
 * values are class indices (`TENSOR_VALUE_LABELS`, e.g. an SSD detector's `classes` output).
 */
export function labelsFromMetadata(model: TfliteModel): { file: string; text: string } | undefined {
  const axis = metadataLabels(model, 0);
  if (axis) return axis;
  for (const output of model.metadata?.outputs ?? []) {
    const file = output.associatedFiles.find((entry) => entry.type === 'TENSOR_VALUE_LABELS');
    const bytes = file ? model.associatedFiles.get(file.name) : undefined;
    if (file && bytes) return { file: file.name, text: Buffer.from(bytes).toString('utf8') };
  }
  return undefined;
}
