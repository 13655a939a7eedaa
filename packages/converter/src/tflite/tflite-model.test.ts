import { describe, expect, it } from 'vitest';
import { hasShared, sharedModels } from '../test-support/workspace-paths.js';
import { metadataLabels, parseTfliteModel, readTfliteModel } from './tflite-model.js';

// Expected values come from ../shared/PROVENANCE.md, the TF Lite Task Library's test data the models
// come from (labels.txt / labelmap.txt as zip members, read by Python's zipfile), and the TF Lite
// interpreter's own tensor details — not from this reader.
describe.runIf(hasShared)('readTfliteModel', () => {
  it('sees that the uint8 MobileNetV1 output is produced by SOFTMAX and reads its metadata labels', async () => {
    const model = await readTfliteModel(sharedModels.mobilenetV1Quant);
    expect(model.outputProducers[0]?.effective).toBe('SOFTMAX');
    expect(model.quantized).toBe(true);
    expect(model.outputs[0]?.quantization).toEqual({ scale: 1 / 256, zeroPoint: 0 });
    expect(model.metadata?.inputs[0]?.content).toBe('image');
    expect(model.metadata?.inputs[0]?.normalization).toEqual({ mean: [127.5], std: [127.5] });
    expect(model.metadata?.outputs[0]?.associatedFiles.map((file) => [file.name, file.type])).toEqual([
      ['labels.txt', 'TENSOR_AXIS_LABELS'],
    ]);
    const labels = metadataLabels(model);
    expect(labels?.file).toBe('labels.txt');
    const lines = labels?.text.trim().split('\n') ?? [];
    expect([lines.length, lines[0], lines[653]]).toEqual([1001, 'background', 'military uniform']);
  });

  it("finds SOFTMAX behind the float MobileNetV1 output and behind the Coral TF2 model's final QUANTIZE", async () => {
    // LiteRT's Interpreter._get_ops_details(): the ops writing the outputs are SOFTMAX and QUANTIZE.
    const model = await readTfliteModel(sharedModels.mobilenetV1Float);
    expect(model.outputProducers[0]).toEqual({ direct: 'SOFTMAX', effective: 'SOFTMAX' });
    expect(model.quantized).toBe(false);
    expect(model.metadata).toBeUndefined();
    const tf2 = await readTfliteModel(sharedModels.mobilenetV2Tf2Ptq);
    expect(tf2.outputProducers[0]).toEqual({ direct: 'QUANTIZE', effective: 'SOFTMAX' });
    expect(metadataLabels(tf2)?.text.trim().split('\n')).toHaveLength(1001);
  });

  it('sees that the uint8 MobileNetV2 outputs logits (no activation) and has no metadata', async () => {
    const model = await readTfliteModel(sharedModels.mobilenetV2Quant);
    expect(model.outputProducers[0]?.effective).not.toMatch(/SOFTMAX|LOGISTIC/);
    expect(model.associatedFiles.size).toBe(0);
  });

  it("reads DeepLab v3's label map and YAMNet's audio input metadata", async () => {
    const deeplab = await readTfliteModel(sharedModels.deeplab);
    const labelMap = metadataLabels(deeplab);
    expect(labelMap?.file).toBe('labelmap.txt');
    expect(labelMap?.text.trim().split('\n')).toHaveLength(21);
    const yamnet = await readTfliteModel(sharedModels.yamnet);
    expect(yamnet.metadata?.inputs[0]?.content).toBe('audio');
    expect(yamnet.metadata?.inputs[0]?.sampleRate).toBe(16000);
    expect(metadataLabels(yamnet)?.text.trim().split('\n')).toHaveLength(521);
  });

  it('rejects bytes that are not TF Lite', () => {
    expect(() => parseTfliteModel(Buffer.from('not a model at all'))).toThrow(/TFL3/);
  });
});
