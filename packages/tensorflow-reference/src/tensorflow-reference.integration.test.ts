import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HubvinoError } from '@hubvino/runtime';
import { toolchainPins } from '@hubvino/runtime/toolchain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareOutputs } from './compare-outputs.js';
import { inspectSavedModel } from './inspect-saved-model.js';
import { loadTensorFlow, tensorFlowAddonStatus } from './load-tensorflow.js';
import { openSavedModel, runSavedModel } from './saved-model-session.js';
import { type GeneratedSavedModel, makeTinySavedModel } from './test-support/python-tools.js';

let workDirectory: string;
let tiny: GeneratedSavedModel;

beforeAll(async () => {
  workDirectory = await mkdtemp(join(tmpdir(), 'hubvino-tf-reference-'));
  tiny = await makeTinySavedModel(join(workDirectory, 'tiny'));
});

afterAll(async () => {
  await rm(workDirectory, { recursive: true, force: true });
});

function expectHubvinoError(error: unknown, code: string, message: RegExp): void {
  expect(HubvinoError.isInstance(error)).toBe(true);
  expect((error as HubvinoError).code).toBe(code);
  expect((error as Error).message).toMatch(message);
}

describe('loadTensorFlow', () => {
  it('loads tfjs-node on the TensorFlow of the pinned tensorflow-cpu wheel', async () => {
    const status = tensorFlowAddonStatus();
    expect(status.ready).toBe(true);
    expect(status.tensorflowVersion).toBe(toolchainPins().dev['tensorflow-cpu']);
    const tf = await loadTensorFlow();
    expect(tf.getBackend()).toBe('tensorflow');
    const binding = (tf.backend() as unknown as { binding: { TF_Version: string } }).binding;
    expect(binding.TF_Version).toBe(toolchainPins().dev['tensorflow-cpu']);
    expect(tf.version['tfjs-node']).toBe(status.tfjsNodeVersion);
  });

  it('multiplies matrices in TensorFlow', async () => {
    const tf = await loadTensorFlow();
    const product = tf.matMul(
      tf.tensor2d([
        [1, 2, 3],
        [4, 5, 6],
      ]),
      tf.tensor2d([
        [7, 8],
        [9, 10],
        [11, 12],
      ]),
    );
    expect(Array.from(product.dataSync())).toEqual([58, 64, 139, 154]);
    product.dispose();
  });

  it('returns the same module on every call', async () => {
    expect(await loadTensorFlow()).toBe(await loadTensorFlow());
  });
});

describe('inspectSavedModel', () => {
  it('lists both signatures with input/output keys, dtypes and shapes', async () => {
    const info = await inspectSavedModel(tiny.savedModelDirectory);
    expect(info.metaGraphs).toHaveLength(1);
    const [metaGraph] = info.metaGraphs;
    expect(metaGraph?.tags).toEqual(['serve']);
    expect(metaGraph?.signatures.map((signature) => signature.name)).toEqual(['affine', 'serving_default']);
    const serving = metaGraph?.signatures.find((signature) => signature.name === 'serving_default');
    expect(serving?.inputs).toEqual([
      { key: 'images', tensorName: expect.stringMatching(/images:0$/), dtype: 'float32', shape: [null, 8, 8, 3] },
    ]);
    expect(serving?.outputs).toEqual([
      { key: 'logits', tensorName: expect.any(String), dtype: 'float32', shape: [null, 10] },
    ]);
    const affine = metaGraph?.signatures.find((signature) => signature.name === 'affine');
    expect(affine?.inputs.map(({ key, dtype, shape }) => ({ key, dtype, shape }))).toEqual([
      { key: 'offset', dtype: 'int32', shape: [] },
      { key: 'x', dtype: 'float32', shape: [null, 4] },
    ]);
    expect(affine?.outputs.map((output) => output.key)).toEqual(['scaled', 'shifted']);
  });

  it('rejects a folder without saved_model.pb with ArgumentError naming the folder', async () => {
    const empty = join(workDirectory, 'empty');
    await mkdir(empty, { recursive: true });
    await expect(inspectSavedModel(empty)).rejects.toSatisfy((error) => {
      expectHubvinoError(error, 'ERR_INVALID_ARGUMENT', /no saved_model\.pb/);
      expect((error as Error).message).toContain(empty);
      return true;
    });
  });
});

describe('runSavedModel', () => {
  it("matches TensorFlow Python's output for the same SavedModel and input", async () => {
    const outputs = await runSavedModel(tiny.savedModelDirectory, {
      images: { dtype: 'float32', shape: tiny.inputShape, data: tiny.input },
    });
    const logits = outputs.logits;
    expect(logits?.shape).toEqual([2, 10]);
    const comparison = compareOutputs(tiny.logits, logits?.data as Float32Array, { classCount: 10 });
    expect(comparison.maxAbsDiff).toBeLessThanOrEqual(1e-5);
    expect(comparison.candidateTop1).toEqual(tiny.top1);
  });

  it('accepts a single tensor for a one-input signature', async () => {
    const outputs = await runSavedModel(tiny.savedModelDirectory, {
      dtype: 'float32',
      shape: tiny.inputShape,
      data: tiny.input,
    });
    expect(compareOutputs(tiny.logits, outputs.logits?.data as Float32Array).maxAbsDiff).toBeLessThanOrEqual(1e-5);
  });

  it('runs a signature with two inputs (one int32) and two named outputs', async () => {
    const outputs = await runSavedModel(
      tiny.savedModelDirectory,
      {
        x: { dtype: 'float32', shape: [2, 4], data: new Float32Array([1, 2, 3, 4, -1, -2, -3, -4]) },
        offset: { dtype: 'int32', shape: [], data: new Int32Array([10]) },
      },
      { signature: 'affine' },
    );
    expect(Object.keys(outputs).sort()).toEqual(['scaled', 'shifted']);
    expect(outputs.scaled?.shape).toEqual([2, 4]);
    expect(Array.from(outputs.scaled?.data as Float32Array)).toEqual([2, 4, 6, 8, -2, -4, -6, -8]);
    expect(Array.from(outputs.shifted?.data as Float32Array)).toEqual([11, 12, 13, 14, 9, 8, 7, 6]);
  });

  it('rejects an unknown signature with ArgumentError listing the signatures that exist', async () => {
    await expect(
      runSavedModel(
        tiny.savedModelDirectory,
        { dtype: 'float32', shape: [1, 8, 8, 3], data: new Float32Array(192) },
        { signature: 'predict' },
      ),
    ).rejects.toSatisfy((error) => {
      expectHubvinoError(error, 'ERR_INVALID_ARGUMENT', /no signature 'predict'.*affine, serving_default/);
      return true;
    });
  });

  it('rejects unknown tags with ArgumentError naming the tags that exist', async () => {
    await expect(
      runSavedModel(
        tiny.savedModelDirectory,
        { dtype: 'float32', shape: [1, 8, 8, 3], data: new Float32Array(192) },
        { tags: ['train'] },
      ),
    ).rejects.toSatisfy((error) => {
      expectHubvinoError(error, 'ERR_INVALID_ARGUMENT', /no MetaGraph tagged \[train\]; it has \[serve\]/);
      return true;
    });
  });
});

describe('SavedModelSession', () => {
  it('runs repeatedly with the same result and refuses to run after dispose', async () => {
    const session = await openSavedModel(tiny.savedModelDirectory);
    const input = { dtype: 'float32' as const, shape: tiny.inputShape, data: tiny.input };
    const first = session.run(input).logits?.data as Float32Array;
    const second = session.run(input).logits?.data as Float32Array;
    expect(Array.from(second)).toEqual(Array.from(first));
    session.dispose();
    session.dispose();
    expect(session.disposed).toBe(true);
    expect(() => session.run(input)).toThrow(/disposed/);
  });

  it('rejects a wrong shape, a wrong dtype, a short buffer and a missing input with ArgumentError naming the input', async () => {
    using session = await openSavedModel(tiny.savedModelDirectory, { signature: 'affine' });
    const x = { dtype: 'float32' as const, shape: [1, 4], data: new Float32Array(4) };
    const offset = { dtype: 'int32' as const, shape: [], data: new Int32Array([1]) };
    const cases: [unknown, RegExp][] = [
      [{ x: { ...x, shape: [1, 5], data: new Float32Array(5) }, offset }, /Input 'x'.*shape \[\?,4\]; got \[1,5\]/],
      [
        { x, offset: { dtype: 'float32', shape: [], data: new Float32Array([1]) } },
        /Input 'offset'.*int32; pass dtype 'int32' \(got 'float32'\)/,
      ],
      [{ x: { ...x, data: new Float32Array(3) }, offset }, /needs 4 elements; data has 3/],
      [{ x }, /Missing input 'offset'/],
      [{ x, offset, extra: x }, /no input extra; its inputs are: offset, x/],
      [x, /has 2 inputs \(offset, x\)/],
    ];
    for (const [inputs, message] of cases) {
      try {
        session.run(inputs as never);
        expect.unreachable();
      } catch (error) {
        expectHubvinoError(error, 'ERR_INVALID_ARGUMENT', message);
      }
    }
  });
});
