import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addon as ov } from './index.js';
import { f32Tolerance, inputData, testModelFolder } from './test-support/fixture.js';
import { callLoosely } from './test-support/loose.js';
import { expectedTestModelOutput } from './test-support/test-model.js';

let folder: Awaited<ReturnType<typeof testModelFolder>>;
beforeAll(async () => {
  folder = await testModelFolder();
});
afterAll(() => folder.remove());

describe('Core', () => {
  it('lists CPU among the available devices and reports its plugin version', () => {
    const core = new ov.Core();
    expect(core.getAvailableDevices()).toContain('CPU');
    const versions = core.getVersions('CPU');
    expect(typeof versions.CPU?.buildNumber).toBe('string');
    expect(versions.CPU?.description.length).toBeGreaterThan(0);
    expect(() => callLoosely(core, 'getVersions')).toThrow('getVersions() method expects 1 argument of string type.');
  });

  it('reads a model from a path, from path + weights, from buffers and from text + weights Tensor', async () => {
    const core = new ov.Core();
    const xml = await readFile(folder.xml);
    const bin = await readFile(folder.bin);
    const models = [
      core.readModelSync(folder.xml),
      core.readModelSync(folder.xml, folder.bin),
      core.readModelSync(new Uint8Array(xml), new Uint8Array(bin)),
      core.readModelSync(xml.toString('utf8'), new ov.Tensor(ov.element.u8, [bin.byteLength], new Uint8Array(bin))),
      await core.readModel(folder.xml),
      await core.readModel(new Uint8Array(xml), new Uint8Array(bin)),
    ];
    for (const model of models) {
      expect(model).toBeInstanceOf(ov.Model);
      expect(model.inputs.map(String)).toEqual(['data']);
    }
    expect(() => core.readModelSync(core as never)).toThrow(/'readModelSync' method called with incorrect parameters./);
  });

  it('throws for bad compile arguments synchronously, even from the async compileModel', () => {
    const core = new ov.Core();
    const model = core.readModelSync(folder.xml);
    expect(() => callLoosely(core, 'compileModelSync', model)).toThrow(
      /'compileModelSync' method called with incorrect parameters.\nProvided signature: \(object\) \nAllowed signatures:/,
    );
    expect(() => callLoosely(core, 'compileModel', model)).toThrow(/Invalid number of arguments/);
    expect(() => core.compileModelSync(model, 'CPU', { PERFORMANCE_HINT: { nested: 1 } } as never)).toThrow(
      /Cannot convert to ov::Any/,
    );
  });

  it('compiles from a Model and from a path, with a config, and infers the expected values', async () => {
    const core = new ov.Core();
    const config = { INFERENCE_PRECISION_HINT: 'f32' };
    const fromModel = core.compileModelSync(core.readModelSync(folder.xml), 'CPU', config);
    const fromPath = await core.compileModel(folder.xml, 'CPU', config);
    const input = inputData();
    const expected = expectedTestModelOutput(input);
    for (const compiled of [fromModel, fromPath]) {
      const output = compiled.createInferRequest().infer([input]).fc_out;
      Array.from(output?.data as Float32Array).forEach((value, index) => {
        expect(Math.abs(value - (expected[index] as number))).toBeLessThan(f32Tolerance);
      });
    }
  });

  it('sets and reads properties with typed values', () => {
    const core = new ov.Core();
    core.setProperty('CPU', { INFERENCE_NUM_THREADS: 3 });
    expect(core.getProperty('CPU', 'INFERENCE_NUM_THREADS')).toBe(3);
    const supported = core.getProperty('CPU', 'SUPPORTED_PROPERTIES');
    expect(Array.isArray(supported)).toBe(true);
    expect(supported).toContain('INFERENCE_NUM_THREADS');
    core.setProperty({ CACHE_DIR: join(folder.directory, 'cache') });
    expect(core.getProperty('CACHE_DIR')).toBe(join(folder.directory, 'cache'));
  });

  it('exports a compiled model to a Buffer and imports it back, with and without a config', async () => {
    const core = new ov.Core();
    const compiled = core.compileModelSync(folder.xml, 'CPU');
    const blob = compiled.exportModelSync();
    expect(Buffer.isBuffer(blob)).toBe(true);
    const input = inputData();
    // Same device, same default precision: the imported model computes exactly what the original did.
    const original = Array.from(compiled.createInferRequest().infer([input]).fc_out?.data as Float32Array);
    const imported = [
      core.importModelSync(blob, 'CPU'),
      await core.importModel(blob, 'CPU'),
      core.importModelSync(new ov.Tensor(ov.element.u8, [blob.byteLength], new Uint8Array(blob)), 'CPU'),
    ];
    for (const compiledAgain of imported) {
      expect(Array.from(compiledAgain.createInferRequest().infer([input]).fc_out?.data as Float32Array)).toEqual(
        original,
      );
    }
    // With a config: the import honours it (f32 precision matches the float64 reference).
    const f32 = core.importModelSync(blob, 'CPU', { INFERENCE_PRECISION_HINT: 'f32', NUM_STREAMS: 1 });
    const expected = expectedTestModelOutput(input);
    Array.from(f32.createInferRequest().infer([input]).fc_out?.data as Float32Array).forEach((value, index) => {
      expect(Math.abs(value - (expected[index] as number))).toBeLessThan(f32Tolerance);
    });
    expect(() => core.importModelSync(0.5 as never, 'CPU')).toThrow(/The first argument must be of type Buffer./);
    expect(() => core.importModel(blob, 1 as never)).toThrow(/'importModel' method called with incorrect parameters./);
  });

  it('answers queryModel with the device for every operation', () => {
    const core = new ov.Core();
    const model = core.readModelSync(folder.xml);
    const result = core.queryModel(model, 'CPU');
    expect(Object.keys(result)).toEqual(expect.arrayContaining(['data', 'conv', 'pool', 'fc', 'fc_out']));
    expect(new Set(Object.values(result))).toEqual(new Set(['CPU']));
    expect(() => core.queryModel(model, 'CPU', 'x' as never)).toThrow(
      /'queryModel' method called with incorrect parameters./,
    );
  });

  it("reports a missing extension library with OpenVINO's message", () => {
    const core = new ov.Core();
    expect(() => core.addExtension(undefined as never)).toThrow(
      /addExtension method applies one argument of string type/,
    );
    expect(() => core.addExtension('not_exists')).toThrow(/Cannot load library "not_exists"/);
  });

  it('reports the OpenVINO version with a non-enumerable toString', () => {
    const version = ov.getOpenvinoVersion();
    expect(Object.keys(version)).toEqual(['buildNumber', 'description']);
    expect(version.buildNumber).toMatch(/^2026\.4\.1/);
    expect(String(version)).toContain(version.buildNumber);
  });
});
