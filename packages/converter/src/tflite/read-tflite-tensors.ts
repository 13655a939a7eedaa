import { readTfliteModel, type TfliteSignature } from './tflite-model.js';

export type { TfliteSignature, TfliteTensorInfo } from './tflite-model.js';

/**
 * Reads the inputs and outputs (names, shapes, types, quantization) of a `.tflite` file's main
 * subgraph straight from its FlatBuffer ({@link readTfliteModel} has the rest).
 * @throws SourceError when the file is not a readable TF Lite model.
 */
export async function readTfliteSignature(file: string): Promise<TfliteSignature> {
  const { inputs, outputs } = await readTfliteModel(file);
  return { inputs, outputs };
}
