import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompiledModel, addon as ov, type Tensor } from './index.js';
import { f32Tolerance, inputData, testModelFolder } from './test-support/fixture.js';
import { expectedTestModelOutput } from './test-support/test-model.js';

let folder: Awaited<ReturnType<typeof testModelFolder>>;
let compiled: CompiledModel;
const input = inputData();
const expected = expectedTestModelOutput(input);

function expectReference(tensor: Tensor | undefined): void {
  const values = Array.from(tensor?.data as Float32Array);
  expect(values).toHaveLength(10);
  values.forEach((value, index) => {
    expect(Math.abs(value - (expected[index] as number))).toBeLessThan(f32Tolerance);
  });
}

beforeAll(async () => {
  folder = await testModelFolder();
  compiled = await new ov.Core().compileModel(folder.xml, 'CPU', { INFERENCE_PRECISION_HINT: 'f32' });
});
afterAll(() => folder.remove());

describe('InferRequest', () => {
  it('infers from an array or an object of Tensors or TypedArrays', () => {
    const request = compiled.createInferRequest();
    const tensor = new ov.Tensor(ov.element.f32, [1, 3, 32, 32], input);
    for (const inputs of [[tensor], [input], { data: tensor }, { data: input }]) {
      const result = request.infer(inputs as never);
      expect(Object.keys(result)).toEqual(['fc_out']);
      expect(result.fc_out).toBeInstanceOf(ov.Tensor);
      expectReference(result.fc_out);
    }
  });

  it('infers asynchronously, one call after another on the same request', async () => {
    const request = compiled.createInferRequest();
    const tensor = new ov.Tensor(ov.element.f32, [1, 3, 32, 32], input);
    const [first, second] = await Promise.all([request.inferAsync([tensor]), request.inferAsync({ data: tensor })]);
    expectReference(first.fc_out);
    expectReference(second.fc_out);
  });

  it('rejects bad inputs synchronously with openvino-node messages', () => {
    const request = compiled.createInferRequest();
    expect(() => request.infer(input as never)).toThrow(/TypedArray cannot be passed directly into infer\(\) method./);
    expect(() => request.infer(['string'] as never)).toThrow(/Cannot create a tensor from the passed Napi::Value./);
    expect(() => request.infer([input.slice(-10)])).toThrow(/Memory allocated using shape and element::type mismatch/);
    expect(() => request.infer([new Float32Array(new ArrayBuffer(3073 * 4), 4)])).toThrow(
      'TypedArray.byteOffset has to be equal to zero.',
    );
    expect(() => request.infer([{} as never])).toThrow(/Invalid argument/);
    expect(() => request.inferAsync({ data: 'string' } as never)).toThrow(
      /Cannot create a tensor from the passed Napi::Value./,
    );
  });

  it('sets and gets tensors by index, by name and by Output', () => {
    const request = compiled.createInferRequest();
    const tensor = new ov.Tensor(ov.element.f32, [1, 3, 32, 32], input);
    const output = new ov.Tensor(ov.element.f32, [1, 10]);
    request.setInputTensor(0, tensor);
    request.setTensor('fc_out', output);
    request.infer();
    // The output was delivered into the Tensor that was set (copied out of OpenVINO's memory).
    expectReference(output);
    expect(request.getTensor('fc_out')).toBe(output);
    expect(request.getOutputTensor()).toBe(output);
    expect(request.getInputTensor()).toBe(tensor);
    expect(request.getTensor(request.getCompiledModel().input())).toBe(tensor);
    expect(request.getCompiledModel()).toBe(compiled);
  });

  it('returns the request output as a Tensor when no output Tensor was set', () => {
    const request = compiled.createInferRequest();
    request.setInputTensor(new ov.Tensor(ov.element.f32, [1, 3, 32, 32], input));
    request.infer();
    expectReference(request.getOutputTensor(0));
    expectReference(request.getTensor(compiled.output()));
  });

  it('rejects wrong setter arguments with openvino-node messages', () => {
    const request = compiled.createInferRequest();
    const tensor = new ov.Tensor(ov.element.f32, [1, 3, 32, 32], input);
    expect(() => request.setInputTensor({} as never)).toThrow(/Argument #1 must be a Tensor./);
    expect(() => request.setInputTensor(10, tensor)).toThrow('Input port for index 10 was not found!');
    expect(() => request.setOutputTensor(10, tensor)).toThrow('Output port for index 10 was not found!');
    expect(() => request.setInputTensor(tensor as never, tensor)).toThrow(/ invalid argument./);
    expect(() => request.setTensor('testName', tensor)).toThrow('Port for tensor name testName was not found.');
    expect(() => request.setTensor('fc_out', {} as never)).toThrow(/Argument #2 must be a Tensor./);
    // A wrong shape is refused by hubvino's runtime before OpenVINO sees it.
    expect(() => request.setInputTensor(new ov.Tensor(ov.element.f32, [1, 10]))).toThrow(/shape/);
  });
});
