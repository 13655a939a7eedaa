import { execFileSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompiledModel } from './compiled-model.js';
import { Core } from './core.js';
import { DisposedError } from './errors/disposed-error.js';
import { InferQueue } from './infer-queue.js';
import { Tensor } from './tensor.js';
import { mobilenetV2QuantTflite, numbers, pseudoRandomBytes, temporaryDirectory } from './test-support/shared-data.js';

let core: Core;
let compiled: CompiledModel;

beforeAll(async () => {
  core = new Core();
  compiled = await core.compileModel(mobilenetV2QuantTflite, 'CPU', { PERFORMANCE_HINT: 'THROUGHPUT' });
});

afterAll(() => {
  core.dispose();
});

const imageBytes = 224 * 224 * 3;

describe('InferQueue', () => {
  it('defaults to two requests per OPTIMAL_NUMBER_OF_INFER_REQUESTS, so each stream holds its next job', () => {
    using queue = new InferQueue(compiled);
    expect(queue.size).toBe(2 * Number(compiled.getProperty('OPTIMAL_NUMBER_OF_INFER_REQUESTS')));
    expect(queue.size).toBeGreaterThanOrEqual(2);
  });

  it('gives 64 concurrent inferences the same outputs as sequential ones, in submission order', async () => {
    const inputs = Array.from(
      { length: 64 },
      (_, index) => new Tensor('u8', [1, 224, 224, 3], pseudoRandomBytes(imageBytes, index + 1)),
    );
    const sequentialRequest = compiled.createInferRequest();
    const sequential = inputs.map((input) => numbers(sequentialRequest.infer({ input }).output));
    using queue = new InferQueue(compiled, 3);
    const concurrent = await Promise.all(inputs.map((input) => queue.run({ input })));
    expect(concurrent.map((result) => numbers(result.output))).toEqual(sequential);
    // Different inputs really gave different outputs, so order mix-ups would be caught.
    expect(new Set(sequential.map((scores) => scores.join(','))).size).toBeGreaterThan(32);
    const ordered = await queue.runAll(inputs.slice(0, 8).map((input) => ({ input })));
    expect(ordered.map((result) => numbers(result.output))).toEqual(sequential.slice(0, 8));
  });

  it('applies back-pressure: jobs beyond the pool wait for a free request', async () => {
    using queue = new InferQueue(compiled, 2);
    const input = new Tensor('u8', [1, 224, 224, 3], pseudoRandomBytes(imageBytes, 99));
    const jobs = Array.from({ length: 6 }, () => queue.run({ input }));
    expect(queue.pending).toBe(6);
    await queue.waitAll();
    expect(queue.pending).toBe(0);
    const results = await Promise.all(jobs);
    expect(results.every((result) => result.output?.data.length === 1001)).toBe(true);
  });

  it('rejects bad inputs per job and keeps serving the others', async () => {
    using queue = new InferQueue(compiled, 2);
    const good = new Tensor('u8', [1, 224, 224, 3], pseudoRandomBytes(imageBytes, 5));
    const [bad, fine] = await Promise.allSettled([queue.run({ nope: good }), queue.run({ input: good })]);
    expect(bad.status).toBe('rejected');
    expect((bad as PromiseRejectedResult).reason).toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    expect(fine.status).toBe('fulfilled');
  });

  it('rejects waiting and new jobs with DisposedError after dispose', async () => {
    const queue = new InferQueue(compiled, 1);
    const input = new Tensor('u8', [1, 224, 224, 3]);
    const running = queue.run({ input });
    const waiting = queue.run({ input });
    queue.dispose();
    await expect(waiting).rejects.toThrow(DisposedError);
    await expect(running).resolves.toHaveProperty('output');
    await expect(queue.run({ input })).rejects.toThrow(/InferQueue has been disposed/);
  });

  // Every libuv pool thread is held in open() of a FIFO that no one writes, as long sharp or fs work
  // would hold them; the jobs must still all run, so none of them needs a pool thread.
  it.skipIf(process.platform === 'win32')(
    'keeps 16 requests in flight and finishes 48 jobs while every libuv pool thread is blocked',
    async () => {
      const directory = await temporaryDirectory();
      const fifo = join(directory.path, 'pool-blocker');
      execFileSync('mkfifo', [fifo]);
      const poolSize = Number(process.env.UV_THREADPOOL_SIZE) || 4;
      let poolReleased = false;
      const blockers = Array.from({ length: poolSize }, () =>
        open(fifo, 'r').then((handle) => {
          poolReleased = true;
          return handle;
        }),
      );
      try {
        using queue = new InferQueue(compiled, 16);
        const inputs = Array.from(
          { length: 48 },
          (_, index) => new Tensor('u8', [1, 224, 224, 3], pseudoRandomBytes(imageBytes, index + 100)),
        );
        const jobs = inputs.map((input) => queue.run({ input }));
        // Every request was taken synchronously: 16 inferences run at once, 32 jobs wait.
        expect(queue.running).toBe(16);
        expect(queue.pending).toBe(48);
        let leastRunningWhileBacklogged = 16;
        // Several completions are settled in one macrotask; by its end every freed request runs the
        // next waiting job, so the count is read at macrotask boundaries.
        for (const job of jobs) {
          void job.then(() =>
            setImmediate(() => {
              if (queue.pending > 16)
                leastRunningWhileBacklogged = Math.min(leastRunningWhileBacklogged, queue.running);
            }),
          );
        }
        const results = await Promise.all(jobs);
        expect(poolReleased).toBe(false);
        // A finished job's request was handed to the next waiting job within the same macrotask.
        expect(leastRunningWhileBacklogged).toBe(16);
        const request = compiled.createInferRequest();
        expect(results.map((result) => numbers(result.output))).toEqual(
          inputs.map((input) => numbers(request.infer({ input }).output)),
        );
        request.dispose();
      } finally {
        // A synchronous open for writing releases the blocked readers without a pool thread.
        const writer = openSync(fifo, 'w');
        for (const handle of await Promise.all(blockers)) await handle.close();
        closeSync(writer);
        await directory.remove();
      }
    },
  );

  it('rejects a non-positive request count with ArgumentError', () => {
    expect(() => new InferQueue(compiled, 0)).toThrow(/'requests' must be a positive integer/);
  });
});
