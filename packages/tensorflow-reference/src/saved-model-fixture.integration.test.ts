// The workspace's shared SavedModel fixture (fixtures/make-saved-model.py: Keras MobileNetV2,
// ExportArchive, TensorFlow Python's output stored beside it), the one the converter validates:
// TensorFlow through tfjs-node must reproduce Python's output, and the FP32 IR on OpenVINO must agree
// with it within 1e-4 and on the top-1 class.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareOutputs } from './compare-outputs.js';
import { findSignature, inspectSavedModel } from './inspect-saved-model.js';
import { runSavedModel } from './saved-model-session.js';
import { convertToFp32Ir, runIrWithHubvino } from './test-support/python-tools.js';
import { ensureSavedModelFixture, readNpy, type SavedModelFixture } from './test-support/saved-model-fixture.js';

let workDirectory: string;
let fixture: SavedModelFixture;

beforeAll(async () => {
  workDirectory = await mkdtemp(join(tmpdir(), 'hubvino-tf-fixture-'));
  fixture = await ensureSavedModelFixture();
});

afterAll(async () => {
  await rm(workDirectory, { recursive: true, force: true });
});

describe('the shared SavedModel fixture in TensorFlow (tfjs-node)', () => {
  it('has the serving_default signature the fixture declares: inputs float32 [?,224,224,3] -> logits [?,1001]', async () => {
    const signature = findSignature(await inspectSavedModel(fixture.savedModelDirectory), ['serve'], 'serving_default');
    expect(signature.inputs.map(({ key, dtype, shape }) => ({ key, dtype, shape }))).toEqual([
      { key: fixture.description.input.name, dtype: 'float32', shape: [null, 224, 224, 3] },
    ]);
    expect(signature.outputs.map(({ key, dtype, shape }) => ({ key, dtype, shape }))).toEqual([
      { key: fixture.description.output.name, dtype: 'float32', shape: [null, 1001] },
    ]);
  });

  it("reproduces TensorFlow Python's stored output, and the FP32 IR on OpenVINO agrees: max abs diff <= 1e-4, same top-1", async () => {
    const input = readNpy(fixture.inputPath);
    const expected = readNpy(fixture.expectedOutputPath);
    const outputs = await runSavedModel(fixture.savedModelDirectory, {
      inputs: { dtype: 'float32', shape: input.shape, data: input.data as Float32Array },
    });
    const tensorflow = outputs[fixture.description.output.name];
    expect(tensorflow?.shape).toEqual(expected.shape);
    const tensorflowData = tensorflow?.data as Float32Array;

    const againstPython = compareOutputs(expected.data, tensorflowData, { classCount: 1001 });
    expect(againstPython.maxAbsDiff).toBeLessThanOrEqual(1e-5);
    expect(againstPython.candidateTop1).toEqual([fixture.description.expectedTop1]);

    const ir = await convertToFp32Ir(fixture.savedModelDirectory, join(workDirectory, 'ir', 'model.xml'));
    const openvino = await runIrWithHubvino(ir, input.data as Float32Array, input.shape);
    expect(openvino.inferencePrecision).toBe('f32');
    const comparison = compareOutputs(tensorflowData, openvino.data, { classCount: 1001 });
    console.info(
      `shared fixture: tfjs-node vs TF Python ${againstPython.maxAbsDiff}, vs FP32 IR ${comparison.maxAbsDiff} (max |logit| ${comparison.maxAbsReference})`,
    );
    expect(comparison.maxAbsReference).toBeGreaterThan(0.1);
    expect(comparison.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    expect(comparison.top1Agrees).toBe(true);
    expect(comparison.referenceTop1).toEqual([fixture.description.expectedTop1]);
  });
});
