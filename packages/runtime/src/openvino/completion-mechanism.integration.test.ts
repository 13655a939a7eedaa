import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { Core } from '../core.js';
import { InferQueue } from '../infer-queue.js';
import { Tensor } from '../tensor.js';
import { mobilenetV2QuantTflite, numbers, pseudoRandomBytes } from '../test-support/shared-data.js';
import { completionMechanism } from './native-infer-request.js';

// The built package (turbo builds it before the tests): a child process or a worker thread cannot
// load the TypeScript sources.
const dist = join(import.meta.dirname, '..', '..', 'dist');

/**
 * Runs 24 jobs over an InferQueue of 8 requests on the uint8 MobileNetV2, compares them with
 * synchronous inferences of the same inputs, and reports the completion mechanism it used.
 */
const script = `
const { Core, InferQueue, Tensor } = await import(${JSON.stringify(`${dist}/index.js`)});
const { completionMechanism } = await import(${JSON.stringify(`${dist}/openvino/native-infer-request.js`)});
const core = new Core();
const compiled = await core.compileModel(${JSON.stringify(mobilenetV2QuantTflite)}, 'CPU', { PERFORMANCE_HINT: 'THROUGHPUT' });
const inputs = Array.from({ length: 24 }, (_, job) => {
  const data = new Uint8Array(224 * 224 * 3);
  for (let index = 0; index < data.length; index += 1) data[index] = (index * 7 + job * 131) % 251;
  return new Tensor('u8', [1, 224, 224, 3], data);
});
const queue = new InferQueue(compiled, 8);
const results = await queue.runAll(inputs.map((input) => ({ input })));
const request = compiled.createInferRequest();
const same = results.every((result, job) => {
  const expected = request.infer({ input: inputs[job] }).output.data;
  return result.output.data.every((value, index) => value === expected[index]);
});
const distinct = new Set(results.map((result) => Array.from(result.output.data).join(','))).size;
const report = { mechanism: completionMechanism(), same, distinct, count: results.length };
queue.dispose(); request.dispose(); core.dispose();
`;

describe('inferAsync completion', () => {
  it('uses the libuv signal on the main thread, with the same outputs as synchronous inference', async () => {
    using core = new Core();
    const compiled = await core.compileModel(mobilenetV2QuantTflite, 'CPU', { PERFORMANCE_HINT: 'THROUGHPUT' });
    using queue = new InferQueue(compiled, 4);
    const inputs = Array.from(
      { length: 12 },
      (_, index) => new Tensor('u8', [1, 224, 224, 3], pseudoRandomBytes(224 * 224 * 3, index + 300)),
    );
    const results = await queue.runAll(inputs.map((input) => ({ input })));
    expect(completionMechanism()).toBe('loop-signal');
    using request = compiled.createInferRequest();
    expect(results.map((result) => numbers(result.output))).toEqual(
      inputs.map((input) => numbers(request.infer({ input }).output)),
    );
  });

  it('falls back to koffi relay when HUBVINO_COMPLETION=relay, with the same outputs', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', `${script}\nprocess.stdout.write(JSON.stringify(report));`],
      { env: { ...process.env, HUBVINO_COMPLETION: 'relay' }, timeout: 120_000 },
    );
    expect(JSON.parse(stdout)).toEqual({ mechanism: 'relay', same: true, distinct: 24, count: 24 });
  });

  it('uses koffi relay in a worker thread, whose event loop the libuv signal cannot reach', async () => {
    const worker = new Worker(
      `(async () => { ${script}\nrequire('node:worker_threads').parentPort.postMessage(report); })()`,
      { eval: true, env: { ...process.env, HUBVINO_COMPLETION: '' } },
    );
    const report = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(report).toEqual({ mechanism: 'relay', same: true, distinct: 24, count: 24 });
  });
});
