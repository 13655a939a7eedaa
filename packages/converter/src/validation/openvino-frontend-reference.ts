import { Core } from '@hubvino/runtime';
import { DETECTION_POSTPROCESS_OP, usesDetectionPostprocess } from '../conversion/convert-detection-postprocess.js';
import { readSourceModel } from '../inspect/model-ports.js';
import {
  numericOutput,
  VALIDATION_COMPILE_CONFIG,
  type ValidationReference,
  type ValidationReferenceFactory,
} from './validation-reference.js';

const frontendNames: Record<string, string> = {
  'saved-model': 'TensorFlow',
  'frozen-pb': 'TensorFlow',
  tflite: 'TensorFlow Lite',
  onnx: 'ONNX',
  'openvino-ir': 'IR',
};

/**
 * The first validation reference: the source file read directly by OpenVINO's frontend
 * (`core.readModel` on the .tflite / SavedModel folder / .pb), reshaped to the validation shapes,
 * compiled on CPU and run on the same input as the IR. Catches what ovc's own steps change
 * (shapes, FP16 weight compression, input/output order).
 */
export const openVinoFrontendReference: ValidationReferenceFactory = async (context) => {
  if (context.source.format === 'tflite' && (await usesDetectionPostprocess(context.source.modelPath))) {
    context.note(
      `OpenVINO's TF Lite frontend cannot read ${DETECTION_POSTPROCESS_OP} (the IR rebuilds it), so it is no reference for this model.`,
    );
    return undefined;
  }
  const borrowed = context.sourceModel;
  const model = borrowed ?? (await readSourceModel(context.core, context.source.modelPath));
  try {
    if (model.isDynamic()) {
      const shapes: Record<string, number[]> = {};
      model.inputs.forEach((port, index) => {
        shapes[port.name || String(index)] = context.inputShapes[index] as number[];
      });
      model.reshape(shapes);
    }
    const compiled = await context.core.compileModel(model, 'CPU', VALIDATION_COMPILE_CONFIG);
    const request = compiled.createInferRequest();
    const outputs = compiled.outputs;
    const reference: ValidationReference = {
      kind: 'openvino-frontend',
      description: `OpenVINO ${Core.getVersion().buildNumber} ${frontendNames[context.source.format] ?? context.source.format} frontend reading ${context.source.format === 'saved-model' ? 'the SavedModel folder' : 'the source file'} directly (CPU, f32 inference precision)`,
      async run(inputs) {
        const result = await request.inferAsync(inputs);
        return outputs.map((port, index) => {
          const tensor = result[port.name || String(index)];
          if (!tensor) throw new Error(`the reference returned no output '${port.name}'`);
          return numericOutput(port.name, tensor);
        });
      },
      dispose() {
        request.dispose();
        compiled.dispose();
      },
    };
    return reference;
  } finally {
    if (!borrowed) model.dispose();
  }
};
