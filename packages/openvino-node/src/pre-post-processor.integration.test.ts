import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addon as ov } from './index.js';
import { f32Tolerance, testModelFolder } from './test-support/fixture.js';
import { callLoosely } from './test-support/loose.js';
import { expectedTestModelOutput } from './test-support/test-model.js';

let folder: Awaited<ReturnType<typeof testModelFolder>>;
const core = new ov.Core();
beforeAll(async () => {
  folder = await testModelFolder();
});
afterAll(() => folder.remove());

describe('preprocess.PrePostProcessor', () => {
  it('builds u8 NHWC input conversion into the same Model object', () => {
    const model = core.readModelSync(folder.xml);
    const ppp = new ov.preprocess.PrePostProcessor(model);
    ppp.input().tensor().setElementType(ov.element.u8).setLayout('NHWC').setShape([1, 32, 32, 3]);
    ppp.input().model().setLayout('NCHW');
    ppp.output().tensor().setElementType(ov.element.f32);
    expect(ppp.build()).toBe(ppp);
    expect(model.input().getShape()).toEqual([1, 32, 32, 3]);
    // The same pixels as f32 NCHW through the original model give the reference.
    const nhwc = Uint8Array.from({ length: 3072 }, (_, index) => (index * 37) % 256);
    const nchw = new Float32Array(3072);
    for (let y = 0; y < 32; y += 1)
      for (let x = 0; x < 32; x += 1)
        for (let c = 0; c < 3; c += 1) nchw[c * 1024 + y * 32 + x] = nhwc[(y * 32 + x) * 3 + c] as number;
    const expected = expectedTestModelOutput(nchw);
    const compiled = core.compileModelSync(model, 'CPU', { INFERENCE_PRECISION_HINT: 'f32' });
    const result = compiled.createInferRequest().infer([new ov.Tensor(ov.element.u8, [1, 32, 32, 3], nhwc)]);
    // Inputs up to 255 instead of 1.5 scale the f32 accumulation error by 170: 0.2 is still far below the outputs' spread.
    Array.from(result.fc_out?.data as Float32Array).forEach((value, index) => {
      expect(Math.abs(value - (expected[index] as number))).toBeLessThan(f32Tolerance * 200);
    });
  });

  it('resizes with the resizeAlgorithm enum', () => {
    const model = core.readModelSync(folder.xml);
    const ppp = new ov.preprocess.PrePostProcessor(model);
    ppp.input().tensor().setElementType(ov.element.f32).setLayout('NCHW').setShape([1, 3, 64, 64]);
    ppp.input().preprocess().resize(ov.preprocess.resizeAlgorithm.RESIZE_LINEAR);
    ppp.input().model().setLayout('NCHW');
    ppp.build();
    expect(model.input().getShape()).toEqual([1, 3, 64, 64]);
    // A constant image stays constant under linear resizing: the result equals the 32x32 reference.
    const expected = expectedTestModelOutput(new Float32Array(3072).fill(1));
    const result = core
      .compileModelSync(model, 'CPU', { INFERENCE_PRECISION_HINT: 'f32' })
      .createInferRequest()
      .infer([new ov.Tensor(ov.element.f32, [1, 3, 64, 64], new Float32Array(3 * 64 * 64).fill(1))]);
    Array.from(result.fc_out?.data as Float32Array).forEach((value, index) => {
      expect(Math.abs(value - (expected[index] as number))).toBeLessThan(f32Tolerance);
    });
    expect(ov.resizeAlgorithm).toBe(ov.preprocess.resizeAlgorithm);
  });

  it('rejects wrong arguments with openvino-node messages', () => {
    const ppp = new ov.preprocess.PrePostProcessor(core.readModelSync(folder.xml));
    expect(() => callLoosely(ppp.input(0), 'tensor', 0)).toThrow(/Function does not take any parameters./);
    expect(() => callLoosely(ppp.input().tensor(), 'setElementType', undefined, 1)).toThrow(
      /Wrong number of parameters./,
    );
    expect(() =>
      ppp
        .input()
        .tensor()
        .setElementType('invalidType' as never),
    ).toThrow(/Cannot create ov::element::Type/);
    expect(() => callLoosely(ppp.input().preprocess(), 'resize', undefined, 1)).toThrow(/Wrong number of parameters./);
    expect(() => ppp.input().model().setLayout('invalidLayout')).toThrow(/appears twice/);
    expect(() => ppp.input('missing')).toThrow('Port for tensor name missing was not found.');
  });

  it('says that an output tensor layout cannot be set through the C API', () => {
    const ppp = new ov.preprocess.PrePostProcessor(core.readModelSync(folder.xml));
    expect(() => ppp.output().tensor().setLayout('NC')).toThrow(/OutputTensorInfo.setLayout\(\) is not supported/);
  });
});
