// TensorFlow (through tfjs-node) against OpenVINO on the same SavedModel: the IR that ovc makes with
// FP32 weights, run by @hubvino/runtime's Core (CPU, f32 precision), must give the same top-1 and
// stay within 1e-4 of TensorFlow's output.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareOutputs } from './compare-outputs.js';
import { runSavedModel } from './saved-model-session.js';
import {
  convertToFp32Ir,
  type GeneratedSavedModel,
  makeTinySavedModel,
  runIrWithHubvino,
} from './test-support/python-tools.js';

let workDirectory: string;

beforeAll(async () => {
  workDirectory = await mkdtemp(join(tmpdir(), 'hubvino-tf-openvino-'));
});

afterAll(async () => {
  await rm(workDirectory, { recursive: true, force: true });
});

async function expectAgreement(model: GeneratedSavedModel, name: string): Promise<void> {
  const classCount = model.logitsShape[1] as number;
  const outputs = await runSavedModel(model.savedModelDirectory, {
    [model.inputName]: { dtype: 'float32', shape: model.inputShape, data: model.input },
  });
  const tensorflow = outputs.logits;
  expect(tensorflow?.shape).toEqual(model.logitsShape);
  const tensorflowData = tensorflow?.data as Float32Array;

  // tfjs-node reproduces TensorFlow Python's output (an independent producer of the expectation).
  const againstPython = compareOutputs(model.logits, tensorflowData, { classCount });
  expect(againstPython.maxAbsDiff).toBeLessThanOrEqual(1e-4);
  expect(againstPython.candidateTop1).toEqual(model.top1);

  const ir = await convertToFp32Ir(model.savedModelDirectory, join(workDirectory, name, 'model.xml'));
  const openvino = await runIrWithHubvino(ir, model.input, model.inputShape);
  expect(openvino.shape).toEqual(model.logitsShape);
  expect(openvino.inferencePrecision).toBe('f32');
  const comparison = compareOutputs(tensorflowData, openvino.data, { classCount });
  expect(comparison.maxAbsReference).toBeGreaterThan(0.1); // logits with a real scale, not ~0
  expect(comparison.maxAbsDiff).toBeLessThanOrEqual(1e-4);
  expect(comparison.top1Agrees).toBe(true);
  expect(comparison.referenceTop1).toEqual(model.top1);
}

describe('TensorFlow (tfjs-node) against the FP32 IR on OpenVINO', () => {
  // The Keras MobileNetV2 case runs on the shared fixture (saved-model-fixture.integration.test.ts).
  it('agrees on a small convolutional SavedModel with a batch of two', async () => {
    await expectAgreement(await makeTinySavedModel(join(workDirectory, 'tiny')), 'tiny-ir');
  });
});
