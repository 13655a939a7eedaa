import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addon as ov } from './index.js';
import { f32Tolerance, inputData, testModelFolder } from './test-support/fixture.js';
import { callLoosely } from './test-support/loose.js';
import { expectedTestModelOutput } from './test-support/test-model.js';

let folder: Awaited<ReturnType<typeof testModelFolder>>;
const core = new ov.Core();
beforeAll(async () => {
  folder = await testModelFolder();
});
afterAll(() => folder.remove());

describe('Model', () => {
  it('describes its ports as Output objects by index, name and default', () => {
    const model = core.readModelSync(folder.xml);
    expect(model.input()).toBeInstanceOf(ov.Output);
    expect(model.inputs).toHaveLength(1);
    for (const port of [model.input(), model.input(0), model.input('data')]) {
      expect(port.toString()).toBe('data');
      expect(port.anyName).toBe('data');
      expect(port.shape).toEqual([1, 3, 32, 32]);
      expect(port.getPartialShape().toString()).toBe('[1,3,32,32]');
    }
    expect(model.output('fc_out').getShape()).toEqual([1, 10]);
    expect(model.getOutputShape(0)).toEqual([1, 10]);
    expect(model.getOutputSize()).toBe(1);
    expect(model.getOutputElementType(0)).toBe('f32');
    expect(() => model.input(3)).toThrow('Input port for index 3 was not found!');
    expect(() => model.output('missing')).toThrow('Port for tensor name missing was not found.');
    expect(() => model.getOutputElementType(3.14)).toThrow(
      /'getOutputElementType' method called with incorrect parameters/,
    );
    expect(() => callLoosely(model, 'getOutputSize', 1)).toThrow(/^getOutputSize\(\) does not accept any arguments\.$/);
  });

  it('has a unique name and the IR name as friendly name, which can be replaced', () => {
    const model = core.readModelSync(folder.xml);
    const name = model.getName();
    expect(name).toMatch(/^Model\d+$/);
    expect(core.readModelSync(folder.xml).getName()).not.toBe(name);
    expect(model.getFriendlyName()).toBe('test_model');
    model.setFriendlyName('Renamed');
    expect(model.getFriendlyName()).toBe('Renamed');
    expect(model.getName()).toBe(name);
    model.setFriendlyName('');
    expect(model.getFriendlyName()).toBe(model.getName());
    expect(() => model.setFriendlyName(1 as never)).toThrow(/Expected a single string argument for the friendly name/);
  });

  it('clones into an independent model', () => {
    const model = core.readModelSync(folder.xml);
    const clone = model.clone();
    expect(clone).toBeInstanceOf(ov.Model);
    expect(clone).not.toBe(model);
    clone.setFriendlyName('clone');
    expect(model.getFriendlyName()).toBe('test_model');
    clone.reshape(new ov.PartialShape('?,3,32,32'));
    expect(clone.isDynamic()).toBe(true);
    expect(model.isDynamic()).toBe(false);
    expect(() => callLoosely(model, 'clone', 1)).toThrow(/'clone' method called with incorrect parameters./);
  });

  it('lists its operations as Nodes in topological order', () => {
    const names = core
      .readModelSync(folder.xml)
      .getOps()
      .map((node) => node.getName());
    expect(names[0]).toBe('data');
    expect(names).toEqual(expect.arrayContaining(['conv', 'pool', 'fc', 'fc_out', 'fc_out/result']));
    expect(names.indexOf('fc')).toBeLessThan(names.indexOf('fc_out'));
  });

  it('reshapes with a PartialShape, a string and a Map keyed by index, name or Output', () => {
    const model = core.readModelSync(folder.xml);
    model.reshape(new ov.PartialShape('1..4,3,32,32'));
    expect(model.input().getPartialShape().toString()).toBe('[1..4,3,32,32]');
    expect(model.isDynamic()).toBe(true);
    expect(() => model.input().shape).toThrow(/dynamic shape/);
    model.reshape('2,3,32,32');
    expect(model.input().shape).toEqual([2, 3, 32, 32]);
    expect(model.output().shape).toEqual([2, 10]);
    for (const key of [0, 'data', model.input()]) {
      model.reshape(new Map([[key, '1,3,32,32']]));
      expect(model.input().shape).toEqual([1, 3, 32, 32]);
      expect(model.isDynamic()).toBe(false);
    }
    expect(() => model.reshape(new Map([['missing', '1,3,32,32']]))).toThrow(
      'Port for tensor name missing was not found.',
    );
  });

  it('computes the reference at a new spatial size after reshape', () => {
    const model = core.readModelSync(folder.xml);
    model.reshape(new ov.PartialShape('1,3,48,64'));
    const input = inputData(3 * 48 * 64);
    const expected = expectedTestModelOutput(input, 48, 64);
    const compiled = core.compileModelSync(model, 'CPU', { INFERENCE_PRECISION_HINT: 'f32' });
    const output = compiled.createInferRequest().infer([input]).fc_out?.data as Float32Array;
    Array.from(output).forEach((value, index) => {
      expect(Math.abs(value - (expected[index] as number))).toBeLessThan(f32Tolerance);
    });
  });

  it('saves itself as IR that reads back (FP16-compressed by default)', () => {
    const model = core.readModelSync(folder.xml);
    const path = join(folder.directory, 'saved.xml');
    ov.saveModelSync(model, path);
    const saved = core.readModelSync(path);
    expect(saved.getFriendlyName()).toBe(model.getFriendlyName());
    expect(saved.inputs.map(String)).toEqual(['data']);
    expect(() => callLoosely(ov, 'saveModelSync', model)).toThrow(
      /'saveModelSync' method called with incorrect parameters.\nProvided signature: \(object\) \nAllowed signatures:\n- \(Model, string\)\n- \(Model, string, boolean\)\n/,
    );
  });
});
