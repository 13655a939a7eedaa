import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from './core.js';
import { Tensor } from './tensor.js';
import { temporaryDirectory } from './test-support/shared-data.js';
import { writeElementwiseModel } from './test-support/tiny-ir.js';

/** Resident memory may grow less than this over 2,000 create/infer/dispose cycles. */
const rssGrowthBoundBytes = 50 * 1024 * 1024;

function collectGarbage(): void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) {
    existing();
    return;
  }
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

let directory: { path: string; remove: () => Promise<void> };
let modelPath: string;

beforeAll(async () => {
  directory = await temporaryDirectory();
  modelPath = (
    await writeElementwiseModel(directory.path, {
      name: 'add-64',
      operation: 'Add',
      inputShape: [1, 4096],
      constant: Array.from({ length: 4096 }, (_, index) => index),
    })
  ).xml;
});

afterAll(async () => {
  await directory.remove();
});

describe('native lifetimes', () => {
  it(`2,000 create/infer/dispose cycles grow resident memory by less than ${rssGrowthBoundBytes / 1024 / 1024} MB`, async () => {
    const core = new Core();
    const compiled = await core.compileModel(modelPath, 'CPU');
    const input = new Float32Array(4096).fill(1);
    const cycle = async (index: number): Promise<void> => {
      const request = compiled.createInferRequest();
      const tensor = new Tensor('f32', [1, 4096], input);
      const result = index % 2 === 0 ? request.infer({ input: tensor }) : await request.inferAsync({ input: tensor });
      if (result.output?.data[4095] !== 4096) throw new Error(`wrong output in cycle ${index}`);
      result.output.dispose();
      tensor.dispose();
      request.dispose();
    };
    for (let index = 0; index < 200; index += 1) await cycle(index);
    collectGarbage();
    const before = process.memoryUsage().rss;
    for (let index = 0; index < 2000; index += 1) await cycle(index);
    collectGarbage();
    const growth = process.memoryUsage().rss - before;
    expect(growth).toBeLessThan(rssGrowthBoundBytes);
    compiled.dispose();
    core.dispose();
  });

  it('frees objects that are only garbage collected (FinalizationRegistry) without crashing', async () => {
    const core = new Core();
    const compiled = await core.compileModel(modelPath, 'CPU');
    for (let index = 0; index < 200; index += 1) {
      const request = compiled.createInferRequest();
      request.infer([new Tensor('f32', [1, 4096], new Float32Array(4096))]);
    }
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 10));
    collectGarbage();
    const request = compiled.createInferRequest();
    expect(request.infer([new Float32Array(4096)]).output?.data[10]).toBe(10);
    core.dispose();
  });
});
