/** A model the bench measures: an IR on disk and what the references need to run the same thing. */
export interface PreparedModel {
  /** Short id, e.g. `mobilenet-v2-fp32`. */
  id: string;
  /** Table label, e.g. `MobileNetV2 SavedModel -> IR, FP32 weights`. */
  label: string;
  /** The IR `.xml`. */
  xml: string;
  /** Where the IR came from: the SavedModel folder or the `.tflite` file. */
  source: { savedModel: string } | { tflite: string };
  /** The single input's name. */
  inputName: string;
  /** The input's element type (`f32`, `u8`). */
  inputElementType: 'f32' | 'u8';
  /** The static shape everyone runs: the IR's own, or batch 1 when the IR's batch is dynamic. */
  inputShape: number[];
  /** True when the IR's input is dynamic, so every runner reshapes it to {@link inputShape} first. */
  reshaped: boolean;
  /** The published artifact (`<repository>/<name>/<version>/`), for ImageClassifier.load. */
  artifact: { repository: string; name: string; version: number };
  /** The ovc arguments the converter used, with `<source>` and `<output>` placeholders (from the manifest). */
  ovcArguments: string[];
  /** How the IR was made (`converter` or `ovc` when the converter was unavailable). */
  madeBy: string;
}

/** `benchmark_app -shape` for a model whose IR input is dynamic; `undefined` when it is static. */
export function benchmarkAppShape(model: PreparedModel): string | undefined {
  return model.reshaped ? `[${model.inputShape.join(',')}]` : undefined;
}
