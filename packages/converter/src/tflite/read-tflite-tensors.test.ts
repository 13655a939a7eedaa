import { describe, expect, it } from 'vitest';
import { hasShared, sharedModels } from '../test-support/workspace-paths.js';
import { readTfliteSignature } from './read-tflite-tensors.js';

// Expected values: ../shared/PROVENANCE.md and TensorFlow's tf.lite.Interpreter, not this reader.
describe.runIf(hasShared)('readTfliteSignature', () => {
  it('reads the uint8 MobileNetV2 input/output and the output quantization', async () => {
    const signature = await readTfliteSignature(sharedModels.mobilenetV2Quant);
    expect(signature.inputs.map((tensor) => [tensor.name, tensor.shape, tensor.elementType])).toEqual([
      ['input', [1, 224, 224, 3], 'u8'],
    ]);
    const output = signature.outputs[0];
    expect([output?.name, output?.shape, output?.elementType]).toEqual(['output', [1, 1001], 'u8']);
    // As TensorFlow 2.21's tf.lite.Interpreter reports it (get_output_details()[0]['quantization']):
    // quantized logits, not a softmax (so the manifest needs dequantization + softmax).
    expect(output?.quantization?.zeroPoint).toBe(58);
    expect(output?.quantization?.scale).toBeCloseTo(0.09889253973960876, 12);
    expect(signature.inputs[0]?.quantization).toEqual({ scale: 0.0078125, zeroPoint: 128 });
  });

  it('reads the float MobileNetV1 and the two-input Magenta transfer model', async () => {
    const v1 = await readTfliteSignature(sharedModels.mobilenetV1Float);
    expect(v1.outputs.map((tensor) => [tensor.name, tensor.shape, tensor.elementType, tensor.quantization])).toEqual([
      ['MobilenetV1/Predictions/Reshape_1', [1, 1001], 'f32', undefined],
    ]);
    const transfer = await readTfliteSignature(sharedModels.magentaTransfer);
    expect(transfer.inputs.map((tensor) => tensor.shape)).toEqual([
      [1, 384, 384, 3],
      [1, 1, 1, 100],
    ]);
  });

  it('rejects a file that is not TF Lite with SourceError', async () => {
    await expect(readTfliteSignature(new URL(import.meta.url).pathname)).rejects.toThrow(/not a readable TF Lite/);
  });
});
