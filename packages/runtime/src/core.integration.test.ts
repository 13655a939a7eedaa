import { existsSync } from 'node:fs';
import { readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from './core.js';
import { ArtifactCorruptError } from './errors/artifact-corrupt-error.js';
import { ArtifactNotFoundError } from './errors/artifact-not-found-error.js';
import { DisposedError } from './errors/disposed-error.js';
import type { HubvinoError } from './errors/hubvino-error.js';
import { OpenVinoError } from './errors/openvino-error.js';
import { Tensor } from './tensor.js';
import { mobilenetV2QuantTflite, numbers, temporaryDirectory } from './test-support/shared-data.js';
import { writeElementwiseModel } from './test-support/tiny-ir.js';

let directory: { path: string; remove: () => Promise<void> };
let addModel: { xml: string; bin: string };
let core: Core;

beforeAll(async () => {
  directory = await temporaryDirectory();
  addModel = await writeElementwiseModel(directory.path, {
    name: 'add',
    operation: 'Add',
    inputShape: [1, 3],
    constant: [10, 20, 30],
  });
  core = new Core();
});

afterAll(async () => {
  core.dispose();
  await directory.remove();
});

describe('Core', () => {
  it('reports OpenVINO 2026.4.1 and the CPU device through the C API', () => {
    expect(core.getVersion().buildNumber).toMatch(/^2026\.4\.1-/);
    expect(core.getVersion().description).toBe('OpenVINO Runtime');
    expect(core.getAvailableDevices()).toContain('CPU');
    expect(Core.getLibraryPath()).toMatch(/libopenvino_c/);
  });

  it('reads a hand-written IR and computes input + constant exactly', async () => {
    const model = await core.readModel(addModel.xml);
    expect(model.inputs.map((port) => [port.name, port.elementType, port.partialShape])).toEqual([
      ['input', 'f32', [1, 3]],
    ]);
    expect(model.output().name).toBe('output');
    const compiled = await core.compileModel(model, 'CPU');
    const result = compiled
      .createInferRequest()
      .infer({ input: new Tensor('f32', [1, 3], new Float32Array([1, 2, 3])) });
    expect(numbers(result.output)).toEqual([11, 22, 33]);
    expect(result.output?.shape).toEqual([1, 3]);
  });

  it('reads and compiles synchronously and from a file path, with variadic properties', () => {
    const model = core.readModelSync(addModel.xml, addModel.bin);
    const compiled = core.compileModelSync(model, 'CPU', { PERFORMANCE_HINT: 'THROUGHPUT', NUM_STREAMS: 2 });
    expect(compiled.getProperty('PERFORMANCE_HINT')).toBe('THROUGHPUT');
    expect(compiled.getProperty('NUM_STREAMS')).toBe('2');
    expect(Number(compiled.getProperty('OPTIMAL_NUMBER_OF_INFER_REQUESTS'))).toBeGreaterThanOrEqual(2);
    const fromFile = core.compileModelSync(addModel.xml, 'CPU', { PERFORMANCE_HINT: 'LATENCY' });
    expect(fromFile.getProperty('PERFORMANCE_HINT')).toBe('LATENCY');
    const output = fromFile.createInferRequest().infer([new Float32Array([-1, 0, 1])]);
    expect(numbers(output.output)).toEqual([9, 20, 31]);
  });

  it('compiles asynchronously with properties (PERFORMANCE_HINT, INFERENCE_NUM_THREADS)', async () => {
    const compiled = await core.compileModel(addModel.xml, 'CPU', {
      PERFORMANCE_HINT: 'LATENCY',
      INFERENCE_NUM_THREADS: 1,
    });
    expect(compiled.getProperty('PERFORMANCE_HINT')).toBe('LATENCY');
    expect(compiled.getProperty('INFERENCE_NUM_THREADS')).toBe('1');
    expect(compiled.getProperty('OPTIMAL_NUMBER_OF_INFER_REQUESTS')).toBe('1');
  });

  it('reads IR from memory buffers', async () => {
    const model = core.readModelFromBuffer(await readFile(addModel.xml, 'utf8'), await readFile(addModel.bin));
    const compiled = core.compileModelSync(model);
    expect(numbers(compiled.createInferRequest().infer([new Float32Array([0, 0, 0])]).output)).toEqual([10, 20, 30]);
  });

  it('reads the TF Lite MobileNetV2 directly with the ports PROVENANCE.md lists', async () => {
    const model = await core.readModel(mobilenetV2QuantTflite);
    expect(model.inputs).toHaveLength(1);
    expect(model.input()).toMatchObject({ name: 'input', elementType: 'u8', partialShape: [1, 224, 224, 3] });
    expect(model.output()).toMatchObject({ name: 'output', elementType: 'u8', partialShape: [1, 1001] });
  });

  it('writes compiled blobs to CACHE_DIR and compiles again from the cache', async () => {
    const cacheDirectory = join(directory.path, 'cache');
    const first = await core.compileModel(addModel.xml, 'CPU', { CACHE_DIR: cacheDirectory });
    first.dispose();
    const entries = await readdir(cacheDirectory);
    expect(entries.some((entry) => entry.endsWith('.blob'))).toBe(true);
    const second = await core.compileModel(addModel.xml, 'CPU', { CACHE_DIR: cacheDirectory });
    expect(numbers(second.createInferRequest().infer([new Float32Array([1, 1, 1])]).output)).toEqual([11, 21, 31]);
  });

  it('sets and reads device properties', () => {
    const other = new Core();
    other.setProperty('CPU', { INFERENCE_NUM_THREADS: 1 });
    expect(other.getProperty('CPU', 'INFERENCE_NUM_THREADS')).toBe('1');
    other.dispose();
  });

  it('rejects a missing model file with ArtifactNotFoundError naming it', async () => {
    const missing = join(directory.path, 'missing.xml');
    await expect(core.readModel(missing)).rejects.toThrow(ArtifactNotFoundError);
    await expect(core.readModel(missing)).rejects.toThrow(missing);
    expect(() => core.readModelSync(missing)).toThrow(ArtifactNotFoundError);
  });

  it('rejects an IR whose .bin is missing with ArtifactNotFoundError naming the .bin', async () => {
    const lonely = await writeElementwiseModel(directory.path, {
      name: 'lonely',
      operation: 'Add',
      inputShape: [3],
      constant: [1, 2, 3],
    });
    await writeFile(lonely.bin, '');
    const { rm } = await import('node:fs/promises');
    await rm(lonely.bin);
    await expect(core.readModel(lonely.xml)).rejects.toThrow(/lonely\.bin does not exist/);
  });

  it('rejects a truncated .bin with ArtifactCorruptError naming the .bin', async () => {
    const truncated = await writeElementwiseModel(directory.path, {
      name: 'truncated',
      operation: 'Add',
      inputShape: [4],
      constant: [1, 2, 3, 4],
    });
    await truncate(truncated.bin, 6);
    const error = await core.readModel(truncated.xml).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ArtifactCorruptError);
    expect((error as ArtifactCorruptError).file).toBe(truncated.bin);
    expect((error as ArtifactCorruptError).cause).toBeInstanceOf(OpenVinoError);
    expect((error as HubvinoError).nativeStatus).toBeLessThan(0);
  });

  it('rejects XML that is not IR with ArtifactCorruptError carrying OpenVINO status, function and message', async () => {
    const notIr = join(directory.path, 'not-ir.xml');
    await writeFile(notIr, '<?xml version="1.0"?><html><body>hello</body></html>');
    await writeFile(join(directory.path, 'not-ir.bin'), '');
    const error = (await core.readModel(notIr).catch((thrown: unknown) => thrown)) as ArtifactCorruptError;
    expect(error).toBeInstanceOf(ArtifactCorruptError);
    expect(error.file).toBe(notIr);
    expect(error.nativeFunction).toBe('ov_core_read_model');
    expect(error.nativeStatus).toBe(-1);
    expect(error.nativeMessage?.length).toBeGreaterThan(0);
    expect(error.message).toContain(notIr);
    // The message keeps OpenVINO's reason (its first lines), not the C++ source locations before it.
    expect(error.nativeMessage).toMatch(/^Exception from src\//);
    expect(error.message).toMatch(/could not read the model .*not-ir\.xml: Unable to read the model/);
    expect(error.message).not.toMatch(/Exception from src\//);
  });

  it('reports an unknown device as OpenVinoError with the C function and OpenVINO message', async () => {
    const model = await core.readModel(addModel.xml);
    const error = (await core
      .compileModel(model, 'NO_SUCH_DEVICE')
      .catch((thrown: unknown) => thrown)) as OpenVinoError;
    expect(error).toBeInstanceOf(OpenVinoError);
    expect(error.nativeFunction).toBe('ov_core_compile_model_props');
    expect(error.message).toMatch(/GENERAL_ERROR|NOT_FOUND/);
    expect(error.nativeMessage).toMatch(/NO_SUCH_DEVICE/);
    expect(() => core.compileModelSync(model, 'NO_SUCH_DEVICE')).toThrow(/ov_core_compile_model failed/);
  });

  it("never reports another call's OpenVINO message when failing calls run at the same time on worker threads", async () => {
    const model = await core.readModel(addModel.xml);
    const devices = Array.from({ length: 8 }, (_, index) => `NO_SUCH_DEVICE_${index}X`);
    const errors = (await Promise.all(
      devices.map((device) => core.compileModel(model, device).catch((thrown: unknown) => thrown)),
    )) as OpenVinoError[];
    errors.forEach((error, index) => {
      expect(error).toBeInstanceOf(OpenVinoError);
      expect(error.nativeFunction).toBe('ov_core_compile_model_props');
      // OpenVINO keeps one process-wide last-error text: either this call's own, or none (and the message says why).
      if (error.nativeMessage) expect(error.nativeMessage).toContain(devices[index]);
      else expect(error.message).toMatch(/other OpenVINO calls ran at the same time/);
    });
    // Alone, the call reports OpenVINO's message again.
    const alone = (await core
      .compileModel(model, 'NO_SUCH_DEVICE_ALONE')
      .catch((thrown: unknown) => thrown)) as OpenVinoError;
    expect(alone.nativeMessage).toContain('NO_SUCH_DEVICE_ALONE');
    model.dispose();
  });

  it('rejects bad arguments with ArgumentError naming them', async () => {
    await expect(core.readModel('')).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT', argument: 'modelPath' });
    await expect(core.compileModel({} as never)).rejects.toMatchObject({ argument: 'model' });
    await expect(core.compileModel(addModel.xml, 'CPU', { PERFORMANCE_HINT: {} as never })).rejects.toMatchObject({
      argument: 'config.PERFORMANCE_HINT',
    });
  });

  it('throws DisposedError after dispose, while children made before keep working', async () => {
    const owner = new Core();
    const model = await owner.readModel(addModel.xml);
    const compiled = await owner.compileModel(model);
    owner.dispose();
    expect(() => owner.getAvailableDevices()).toThrow(DisposedError);
    await expect(owner.readModel(addModel.xml)).rejects.toThrow(/Core has been disposed/);
    model.dispose();
    expect(() => model.inputs).toThrow(/Model has been disposed/);
    const request = compiled.createInferRequest();
    compiled.dispose();
    expect(numbers(request.infer([new Float32Array([1, 2, 3])]).output)).toEqual([11, 22, 33]);
    request.dispose();
    expect(() => request.infer()).toThrow(/InferRequest has been disposed/);
    expect(existsSync(addModel.xml)).toBe(true);
  });
});
