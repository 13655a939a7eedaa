import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from './core.js';
import { OpenVinoError } from './errors/openvino-error.js';
import { Tensor } from './tensor.js';
import { temporaryDirectory } from './test-support/shared-data.js';
import { writeElementwiseModel } from './test-support/tiny-ir.js';
import { buildOpenVinoExtras, openVinoExtrasPath } from './toolchain/openvino-extras.js';

let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
let addModel: { xml: string; bin: string };
const core = new Core();

beforeAll(async () => {
  directory = await temporaryDirectory();
  addModel = await writeElementwiseModel(directory.path, {
    name: 'add',
    operation: 'Add',
    inputShape: [1, 4],
    constant: [1, 2, 3, 4],
  });
  // The explicit, optional step users run as `npx hubvino-build-openvino-extras` (needs g++).
  buildOpenVinoExtras();
}, 300_000);
afterAll(() => directory.remove());

describe('Model and Core calls beyond the inference path', () => {
  it('reshapes with intervals and reports them per port', () => {
    using model = core.readModelSync(addModel.xml);
    expect(model.portShape('input', 0)).toEqual([
      [1, 1],
      [4, 4],
    ]);
    model.reshapeIntervals([
      {
        index: 0,
        dimensions: [
          [1, 8],
          [4, 4],
        ],
      },
    ]);
    expect(model.portShape('input', 0)).toEqual([
      [1, 8],
      [4, 4],
    ]);
    expect(model.inputs[0]?.partialShape).toEqual([-1, 4]);
    expect(() => model.reshapeIntervals([{ index: 0, dimensions: undefined }])).toThrow(
      /cannot reshape to a dynamic rank/,
    );
    expect(() => model.reshapeIntervals([{ index: 3, dimensions: [] }])).toThrow(/input index 3 does not exist/);
  });

  it('delivers each inference output into the Tensor set with setOutputTensor', () => {
    using compiled = core.compileModelSync(addModel.xml, 'CPU');
    using request = compiled.createInferRequest();
    const output = new Tensor('f32', [1, 4]);
    request.setOutputTensor(output);
    request.infer({ input: new Tensor('f32', [1, 4], Float32Array.from([10, 20, 30, 40])) });
    // 10 + 1, 20 + 2, ...: plain arithmetic, independent of hubvino.
    expect(Array.from(output.data as Float32Array)).toEqual([11, 22, 33, 44]);
    expect(() => request.setOutputTensor(new Tensor('f32', [1, 5]))).toThrow(/shape/);
  });

  it('clones, names, renames, lists operations and saves a model through the helper', async () => {
    using model = core.readModelSync(addModel.xml);
    expect(model.getFriendlyName()).toBe('add');
    using clone = model.clone();
    clone.setFriendlyName('copy');
    expect(clone.getFriendlyName()).toBe('copy');
    expect(model.getFriendlyName()).toBe('add');
    expect(clone.getName()).not.toBe(model.getName());
    expect(model.getOperations().map((operation) => operation.type)).toEqual([
      'Parameter',
      'Constant',
      'Add',
      'Result',
    ]);
    const saved = join(directory.path, 'saved.xml');
    model.save(saved, false);
    using compiled = core.compileModelSync(saved, 'CPU');
    using request = compiled.createInferRequest();
    const result = request.infer({ input: new Tensor('f32', [1, 4], Float32Array.from([1, 1, 1, 1])) });
    expect(Array.from(result.output?.data as Float32Array)).toEqual([2, 3, 4, 5]);
  });

  it('queries the model, imports with properties and reads Core-wide properties through the helper', () => {
    using model = core.readModelSync(addModel.xml);
    expect(core.queryModel(model, 'CPU')).toMatchObject({ input: 'CPU', operation: 'CPU' });
    using compiled = core.compileModelSync(model, 'CPU');
    const blob = join(directory.path, 'model.blob');
    compiled.exportModel(blob);
    core.setProperty({ CACHE_DIR: join(directory.path, 'cache') });
    expect(core.getCoreProperty('CACHE_DIR')).toBe(join(directory.path, 'cache'));
    expect(core.getVersions('CPU')[0]).toMatchObject({ device: 'CPU' });
    expect(() => core.addExtension(join(directory.path, 'missing.so'))).toThrow(OpenVinoError);
  });

  it('names the call and the build command when the helper is not built', async () => {
    const script = `import('${join(import.meta.dirname, '..', 'dist', 'index.js')}').then(({ Core }) => {
      const model = new Core().readModelSync(${JSON.stringify(addModel.xml)});
      try { model.clone(); } catch (error) { console.log(JSON.stringify({ code: error.code, message: error.message })); }
    });`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
      env: { ...process.env, HUBVINO_OPENVINO_EXTRAS: join(directory.path, 'not-built.so') },
    });
    const { code, message } = JSON.parse(stdout);
    expect(code).toBe('ERR_OPENVINO_EXTRAS_MISSING');
    expect(message).toContain('Model.clone()');
    expect(message).toContain('npx hubvino-build-openvino-extras');
    expect(openVinoExtrasPath()).toMatch(/openvino-extras-2026\.4\.1\/libhubvino_openvino_extras\.so$/);
  });
});
