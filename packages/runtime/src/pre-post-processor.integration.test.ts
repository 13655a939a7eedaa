import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from './core.js';
import { ArgumentError } from './errors/argument-error.js';
import { PrePostProcessor } from './pre-post-processor.js';
import { Tensor } from './tensor.js';
import { mobilenetV2QuantTflite, numbers, pseudoRandomBytes, temporaryDirectory } from './test-support/shared-data.js';
import { writeElementwiseModel } from './test-support/tiny-ir.js';

let directory: { path: string; remove: () => Promise<void> };
let core: Core;

beforeAll(async () => {
  directory = await temporaryDirectory();
  core = new Core();
});

afterAll(async () => {
  core.dispose();
  await directory.remove();
});

describe('PrePostProcessor', () => {
  it('feeds u8 NHWC images of any size to the TF Lite MobileNetV2 and returns f32 scores', async () => {
    const model = await core.readModel(mobilenetV2QuantTflite);
    const processor = new PrePostProcessor(model);
    processor.input().tensor().setElementType('u8').setLayout('NHWC').setSpatialDynamicShape();
    processor.input().preprocess().resize('linear');
    processor.input().model().setLayout('NHWC');
    processor.output().tensor().setElementType('f32');
    const built = processor.build();
    expect(built.input()).toMatchObject({ elementType: 'u8', partialShape: [1, -1, -1, 3], isDynamic: true });
    expect(built.output()).toMatchObject({ elementType: 'f32', partialShape: [1, 1001] });
    // OpenVINO builds the processing into the model itself: the source Model reports it too.
    expect(model.input()).toMatchObject({ elementType: 'u8', partialShape: [1, -1, -1, 3] });
    const request = (await core.compileModel(built, 'CPU')).createInferRequest();
    for (const [height, width] of [
      [300, 400],
      [224, 224],
      [61, 97],
    ] as const) {
      const image = new Tensor('u8', [1, height, width, 3], pseudoRandomBytes(height * width * 3, height));
      const { output } = request.infer({ input: image });
      expect(output?.shape).toEqual([1, 1001]);
      expect(output?.elementType).toBe('f32');
      expect(output?.data).toBeInstanceOf(Float32Array);
      const scores = Array.from(output?.data as Float32Array);
      expect(scores.every((score) => Number.isInteger(score) && score >= 0 && score <= 255)).toBe(true);
    }
  });

  it('builds into the source model (as OpenVINO does): its ports, a later compile and the built Model agree', async () => {
    const files = await writeElementwiseModel(directory.path, {
      name: 'ppp-in-place',
      operation: 'Add',
      inputShape: [4],
      constant: [1, 2, 3, 4],
    });
    const model = await core.readModel(files.xml);
    expect(model.input().elementType).toBe('f32');
    const processor = new PrePostProcessor(model);
    processor.input().tensor().setElementType('u8');
    const built = processor.build();
    expect(built.input().elementType).toBe('u8');
    expect(model.input().elementType).toBe('u8');
    const compiled = core.compileModelSync(model);
    expect(compiled.input().elementType).toBe('u8');
    expect(compiled.input().elementType).toBe(model.input().elementType);
    const request = compiled.createInferRequest();
    const { output } = request.infer([new Tensor('u8', [4], new Uint8Array([10, 20, 30, 40]))]);
    expect(Array.from(output?.data as Float32Array)).toEqual([11, 22, 33, 44]);
    request.dispose();
    compiled.dispose();
    built.dispose();
    model.dispose();
  });

  it('gives the same scores as the plain model when a 224x224 image goes through resize', async () => {
    const model = await core.readModel(mobilenetV2QuantTflite);
    const plain = (await core.compileModel(model)).createInferRequest();
    const processor = new PrePostProcessor(model);
    processor.input().tensor().setElementType('u8').setLayout('NHWC').setSpatialDynamicShape();
    processor.input().preprocess().resize('nearest');
    processor.input().model().setLayout('NHWC');
    const resized = (await core.compileModel(processor.build())).createInferRequest();
    const image = pseudoRandomBytes(224 * 224 * 3, 5);
    const expected = numbers(plain.infer([image]).output);
    const actual = numbers(resized.infer([new Tensor('u8', [1, 224, 224, 3], image)]).output);
    expect(expected).toHaveLength(1001);
    expect(actual).toEqual(expected);
  });

  it('converts element type, subtracts mean and divides by scale per channel exactly', async () => {
    const files = await writeElementwiseModel(directory.path, {
      name: 'add-zero',
      operation: 'Add',
      inputShape: [1, 2, 2, 3],
      constant: [0, 0, 0],
    });
    const model = await core.readModel(files.xml);
    const processor = new PrePostProcessor(model);
    processor.input().tensor().setElementType('u8').setLayout('NHWC');
    processor.input().preprocess().convertElementType('f32').mean([10, 20, 30]).scale([2, 4, 5]);
    const request = (await core.compileModel(processor.build())).createInferRequest();
    const pixels = new Uint8Array([10, 20, 30, 12, 24, 35, 20, 40, 80, 110, 220, 255]);
    const { output } = request.infer([new Tensor('u8', [1, 2, 2, 3], pixels)]);
    // OpenVINO may divide by multiplying with 1/scale, so compare to float precision.
    const expected = [0, 0, 0, 1, 1, 1, 5, 5, 10, 50, 50, 45];
    const values = Array.from(output?.data as Float32Array);
    expect(values).toHaveLength(expected.length);
    for (const [index, value] of expected.entries()) expect(values[index]).toBeCloseTo(value, 5);
  });

  it('applies a single scale and mean value to every channel', async () => {
    const files = await writeElementwiseModel(directory.path, {
      name: 'add-one',
      operation: 'Add',
      inputShape: [1, 4],
      constant: [1],
    });
    const processor = new PrePostProcessor(await core.readModel(files.xml));
    processor.input().tensor().setElementType('u8');
    processor.input().preprocess().convertElementType('f32').mean(127.5).scale(127.5);
    const request = (await core.compileModel(processor.build())).createInferRequest();
    const { output } = request.infer([new Tensor('u8', [1, 4], new Uint8Array([0, 255, 51, 204]))]);
    const values = Array.from(output?.data as Float32Array);
    for (const [index, expected] of [0, 2, 0.4, 1.6].entries()) expect(values[index]).toBeCloseTo(expected, 5);
  });

  it('rejects bad steps with ArgumentError naming the argument', async () => {
    const model = await core.readModel(mobilenetV2QuantTflite);
    const processor = new PrePostProcessor(model);
    expect(() =>
      processor
        .input()
        .preprocess()
        .resize('bilinear' as never),
    ).toThrow(/'algorithm'/);
    expect(() => processor.input().preprocess().scale([])).toThrow(ArgumentError);
    expect(() =>
      processor
        .input()
        .tensor()
        .setElementType('float' as never),
    ).toThrow(/'elementType'/);
    expect(() => processor.input('nope')).toThrow(/no input named 'nope'/);
    processor.input().tensor().setSpatialDynamicShape();
    expect(() => processor.build()).toThrow(/setLayout/);
  });
});
