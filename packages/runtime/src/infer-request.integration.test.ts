import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompiledModel } from './compiled-model.js';
import { Core } from './core.js';
import { ArgumentError } from './errors/argument-error.js';
import { DetachedBufferError } from './errors/detached-buffer-error.js';
import { DisposedError } from './errors/disposed-error.js';
import { OpenVinoError } from './errors/openvino-error.js';
import { RequestBusyError } from './errors/request-busy-error.js';
import { getInputTensor, liveCompletions } from './openvino/native-infer-request.js';
import { freeTensor, tensorMemory } from './openvino/native-tensor.js';
import { PrePostProcessor } from './pre-post-processor.js';
import { Tensor } from './tensor.js';
import { mobilenetV2QuantTflite, numbers, pseudoRandomBytes, temporaryDirectory } from './test-support/shared-data.js';
import { writeElementwiseModel } from './test-support/tiny-ir.js';

let directory: { path: string; remove: () => Promise<void> };
let core: Core;
let multiply: CompiledModel;
let dynamicAdd: CompiledModel;

beforeAll(async () => {
  directory = await temporaryDirectory();
  core = new Core();
  const multiplyFiles = await writeElementwiseModel(directory.path, {
    name: 'multiply',
    operation: 'Multiply',
    inputShape: [2, 2],
    constant: [2, -3],
    inputName: 'x',
    outputName: 'y',
  });
  multiply = await core.compileModel(multiplyFiles.xml, 'CPU');
  const dynamicFiles = await writeElementwiseModel(directory.path, {
    name: 'dynamic-add',
    operation: 'Add',
    inputShape: [-1, 2],
    constant: [0.5, 1.5],
  });
  dynamicAdd = await core.compileModel(dynamicFiles.xml, 'CPU');
});

afterAll(async () => {
  core.dispose();
  await directory.remove();
});

describe('InferRequest', () => {
  it('multiplies exactly with inputs by name, by index, as a typed array and via setInputTensor', async () => {
    const request = multiply.createInferRequest();
    const x = new Tensor('f32', [2, 2], new Float32Array([1, 2, 3, 4]));
    expect(numbers(request.infer({ x }).y)).toEqual([2, -6, 6, -12]);
    expect(numbers(request.infer([new Float32Array([0.5, 1, -1, 0])]).y)).toEqual([1, -3, -2, -0]);
    request.setInputTensor('x', new Tensor('f32', [2, 2], new Float32Array([1, 1, 1, 1])));
    expect(numbers(request.infer().y)).toEqual([2, -3, 2, -3]);
    request.setInputTensor(0, x);
    expect(numbers((await request.inferAsync()).y)).toEqual([2, -6, 6, -12]);
    expect(numbers(request.getOutputTensor('y'))).toEqual([2, -6, 6, -12]);
    expect(request.getInputTensor()).toBe(x);
  });

  it('sees writes to a wrapped typed array on the next inference', () => {
    const request = multiply.createInferRequest();
    const data = new Float32Array([1, 1, 1, 1]);
    const x = new Tensor('f32', [2, 2], data);
    request.infer({ x });
    data[0] = 100;
    expect(request.infer({ x }).y?.data[0]).toBe(200);
  });

  it("reads a SharedArrayBuffer input in place: OpenVINO's input tensor is that memory, and writes show without a copy", async () => {
    const request = multiply.createInferRequest();
    const x = Tensor.createShared('f32', [2, 2]);
    expect(x.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    (x.data as Float32Array).set([1, 2, 3, 4]);
    expect(numbers(request.infer({ x }).y)).toEqual([2, -6, 6, -12]);
    // OpenVINO's own input tensor shows a write at once, before any inference copies anything.
    // `pointer` is protected in TypeScript only; the test reads the native request through it.
    const native = getInputTensor((request as unknown as { pointer: bigint }).pointer, 0);
    try {
      x.data[0] = 50;
      expect(new Float32Array(tensorMemory(native, 16).slice().buffer)[0]).toBe(50);
    } finally {
      freeTensor(native);
    }
    expect(numbers((await request.inferAsync()).y)).toEqual([100, -6, 6, -12]);
    // The binding keeps the memory: disposing the Tensor changes nothing for the request.
    x.dispose();
    expect(numbers(request.infer().y)).toEqual([100, -6, 6, -12]);
    // A typed array over a SharedArrayBuffer passed directly, then ordinary memory again (copied).
    const direct = new Float32Array(new SharedArrayBuffer(16));
    direct.set([1, 1, 1, 1]);
    expect(numbers(request.infer([direct]).y)).toEqual([2, -3, 2, -3]);
    const ordinary = new Float32Array([1, 2, 3, 4]);
    expect(numbers(request.infer([ordinary]).y)).toEqual([2, -6, 6, -12]);
    direct[0] = 9; // no longer bound: ignored
    expect(numbers(request.infer().y)).toEqual([2, -6, 6, -12]);
    request.dispose();
  });

  it('never reads freed memory when an input buffer is transferred away after setInputTensor: DetachedBufferError, then works again', async () => {
    const request = multiply.createInferRequest();
    const data = new Float32Array([1, 2, 3, 4]);
    request.setInputTensor('x', new Tensor('f32', [2, 2], data));
    expect(numbers(request.infer().y)).toEqual([2, -6, 6, -12]);
    // structuredClone with transfer detaches `data.buffer`; its old memory belongs to the clone now.
    const moved = structuredClone(data.buffer, { transfer: [data.buffer] });
    new Float32Array(moved).fill(7);
    expect(data.byteLength).toBe(0);
    expect(() => request.infer()).toThrow(DetachedBufferError);
    await expect(request.inferAsync()).rejects.toMatchObject({ code: 'ERR_BUFFER_DETACHED', input: 'x' });
    // A typed array passed directly, then transferred with postMessage.
    const direct = new Float32Array([1, 1, 1, 1]);
    request.setInputTensor('x', direct);
    const channel = new MessageChannel();
    channel.port1.postMessage(direct.buffer, [direct.buffer]);
    channel.port1.close();
    expect(() => request.infer()).toThrow(DetachedBufferError);
    // The request is healthy: a live input runs.
    expect(numbers(request.infer({ x: new Float32Array([1, 2, 3, 4]) }).y)).toEqual([2, -6, 6, -12]);
    request.dispose();
  });

  it('runs on the bytes an input held when inferAsync started, even if they are transferred while it runs', async () => {
    const request = multiply.createInferRequest();
    const data = new Float32Array([1, 2, 3, 4]);
    const running = request.inferAsync({ x: data });
    // The buffer goes away (and is overwritten by its new owner) while OpenVINO works.
    const moved = new Float32Array(structuredClone(data.buffer, { transfer: [data.buffer] }));
    moved.fill(-1);
    expect(numbers((await running).y)).toEqual([2, -6, 6, -12]);
    request.dispose();
  });

  it('returns outputs that stay valid after later inferences and dispose (copied out)', () => {
    const request = multiply.createInferRequest();
    const first = request.infer([new Float32Array([1, 2, 3, 4])]).y;
    request.infer([new Float32Array([9, 9, 9, 9])]);
    request.dispose();
    expect(numbers(first)).toEqual([2, -6, 6, -12]);
  });

  it('runs a dynamic-shape model with tensors of different batch sizes', () => {
    const request = dynamicAdd.createInferRequest();
    expect(dynamicAdd.input().partialShape).toEqual([-1, 2]);
    const one = request.infer([new Tensor('f32', [1, 2], new Float32Array([1, 2]))]);
    expect(one.output?.shape).toEqual([1, 2]);
    expect(numbers(one.output)).toEqual([1.5, 3.5]);
    const three = request.infer([new Tensor('f32', [3, 2], new Float32Array([0, 0, 1, 1, 2, 2]))]);
    expect(three.output?.shape).toEqual([3, 2]);
    expect(numbers(three.output)).toEqual([0.5, 1.5, 1.5, 2.5, 2.5, 3.5]);
  });

  it('gives each new input tensor its own result when shapes alternate and repeat (reused native inputs)', async () => {
    using request = dynamicAdd.createInferRequest();
    const shapes = [1, 3, 3, 1, 2, 2, 3, 1];
    for (const [step, rows] of shapes.entries()) {
      const values = Float32Array.from({ length: rows * 2 }, (_, index) => step * 10 + index);
      const input = new Tensor('f32', [rows, 2], values);
      const result = step % 2 === 0 ? request.infer([input]) : await request.inferAsync([input]);
      expect(result.output?.shape).toEqual([rows, 2]);
      expect(numbers(result.output)).toEqual(
        Array.from(values, (value, index) => value + (index % 2 === 0 ? 0.5 : 1.5)),
      );
      // The caller may dispose its input at once: the request keeps the bytes it needs.
      input.dispose();
    }
    const typedArrays = [new Float32Array([1, 2, 3, 4]), new Float32Array([5, 6, 7, 8])];
    using multiplyRequest = multiply.createInferRequest();
    for (const values of [...typedArrays, ...typedArrays]) {
      expect(numbers(multiplyRequest.infer([values]).y)).toEqual([
        values[0]! * 2,
        values[1]! * -3,
        values[2]! * 2,
        values[3]! * -3,
      ]);
    }
  });

  it('rejects an unknown input name with ArgumentError listing the inputs', () => {
    const request = multiply.createInferRequest();
    expect(() => request.infer({ nope: new Float32Array(4) })).toThrow(ArgumentError);
    expect(() => request.infer({ nope: new Float32Array(4) })).toThrow(/no input named 'nope'.*'x' f32 \[2,2\]/);
  });

  it('rejects a wrong shape, element count or element type with ArgumentError naming the input', () => {
    const request = multiply.createInferRequest();
    expect(() => request.infer({ x: new Tensor('f32', [4], new Float32Array(4)) })).toThrow(
      /'inputs.x' has shape \[4\] but input 'x' expects \[2,2\]/,
    );
    expect(() => request.infer({ x: new Float32Array(3) })).toThrow(/'inputs.x' has 3 elements/);
    expect(() => request.infer({ x: new Tensor('i32', [2, 2]) })).toThrow(
      /'inputs.x' is i32 but input 'x' expects f32/,
    );
    expect(() => request.infer([new Uint8Array(4)])).toThrow(/needs a Float32Array/);
    try {
      request.infer({ x: new Float32Array(3) });
    } catch (error) {
      expect((error as ArgumentError).argument).toBe('inputs.x');
    }
    expect(() => dynamicAdd.createInferRequest().infer([new Float32Array(2)])).toThrow(/dynamic shape/);
  });

  it('rejects a second concurrent inference on one request with RequestBusyError and stays healthy', async () => {
    const mobilenet = await core.compileModel(mobilenetV2QuantTflite, 'CPU');
    const request = mobilenet.createInferRequest();
    const input = new Tensor('u8', [1, 224, 224, 3], pseudoRandomBytes(224 * 224 * 3, 7));
    const first = request.inferAsync({ input });
    expect(request.busy).toBe(true);
    await expect(request.inferAsync({ input })).rejects.toThrow(RequestBusyError);
    expect(() => request.infer({ input })).toThrow(RequestBusyError);
    expect(() => request.setInputTensor(input)).toThrow(/ERR_REQUEST_BUSY|busy/);
    const result = await first;
    expect(result.output?.shape).toEqual([1, 1001]);
    expect(request.busy).toBe(false);
    expect(numbers(request.infer({ input }).output)).toEqual(numbers(result.output));
  });

  it('frees a request disposed during inferAsync only after the inference ends', async () => {
    const mobilenet = await core.compileModel(mobilenetV2QuantTflite, 'CPU');
    const request = mobilenet.createInferRequest();
    const pending = request.inferAsync([pseudoRandomBytes(224 * 224 * 3, 3)]);
    request.dispose();
    mobilenet.dispose();
    const result = await pending;
    expect(result.output?.data.length).toBe(1001);
    expect(() => request.infer()).toThrow(DisposedError);
  });

  it('rejects a cancelled inferAsync with an OpenVinoError (INFER_CANCELLED) and stays usable', async () => {
    const compiled = await core.compileModel(mobilenetV2QuantTflite, 'CPU');
    using request = compiled.createInferRequest();
    const input = new Tensor('u8', [1, 224, 224, 3], pseudoRandomBytes(224 * 224 * 3, 7));
    const expected = numbers(request.infer({ input }).output);
    const running = request.inferAsync({ input });
    request.cancel();
    const error = await running.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(OpenVinoError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'ERR_OPENVINO', nativeStatus: -13, nativeFunction: 'ov_infer_request_wait' });
    expect((error as Error).message).toMatch(/INFER_CANCELLED/);
    expect(request.busy).toBe(false);
    expect(numbers((await request.inferAsync({ input })).output)).toEqual(expected);
    request.cancel(); // idle: nothing to cancel, no error
    compiled.dispose();
  });

  it('releases every completion callback when requests are disposed in flight', async () => {
    const before = liveCompletions();
    const requests = Array.from({ length: 8 }, () => multiply.createInferRequest());
    const running = requests.map((request, index) => request.inferAsync(new Float32Array([index, 1, 2, 3])));
    expect(liveCompletions()).toBe(before + 8);
    for (const request of requests) request.dispose();
    const results = await Promise.all(running);
    expect(results.map((result) => numbers(result.y))).toEqual(requests.map((_, index) => [index * 2, -3, 4, -9]));
    // Not toBe: the FinalizationRegistry may release other tests' garbage-collected requests meanwhile.
    expect(liveCompletions()).toBeLessThanOrEqual(before);
  });

  it('keeps the event loop running during inferAsync, while sync infer blocks it', async () => {
    // MobileNetV2 fed 1000x1000 images resized by OpenVINO: a few tens of milliseconds per inference.
    const model = await core.readModel(mobilenetV2QuantTflite);
    const processor = new PrePostProcessor(model);
    processor.input().tensor().setElementType('u8').setLayout('NHWC').setSpatialStaticShape(1000, 1000);
    processor.input().preprocess().resize('cubic');
    processor.input().model().setLayout('NHWC');
    const compiled = await core.compileModel(processor.build(), 'CPU', { PERFORMANCE_HINT: 'LATENCY' });
    const request = compiled.createInferRequest();
    const input = new Tensor('u8', [1, 1000, 1000, 3], pseudoRandomBytes(1000 * 1000 * 3, 11));
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
    }, 1);
    try {
      for (let inference = 0; inference < 10; inference += 1) await request.inferAsync({ input });
      const asyncTicks = ticks;
      for (let inference = 0; inference < 10; inference += 1) request.infer({ input });
      expect(ticks).toBe(asyncTicks);
      expect(asyncTicks).toBeGreaterThanOrEqual(5);
    } finally {
      clearInterval(timer);
    }
  });

  it('throws DisposedError when a disposed Tensor is passed', () => {
    const request = multiply.createInferRequest();
    const x = new Tensor('f32', [2, 2]);
    x.dispose();
    expect(() => request.infer({ x })).toThrow(DisposedError);
  });
});
