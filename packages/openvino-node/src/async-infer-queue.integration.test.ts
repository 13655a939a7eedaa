import { describe, expect, it } from 'vitest';
import { type InferRequest, addon as ov } from './index.js';
import { callLoosely } from './test-support/loose.js';
import { reluModelXml } from './test-support/test-model.js';

const core = new ov.Core();
const compiled = core.compileModelSync(core.readModelSync(Buffer.from(reluModelXml)), 'CPU');

function image(first: number): Float32Array {
  const data = Float32Array.from({ length: 3072 }, (_, index) => ((index % 13) - 6) / 4);
  data[0] = first;
  return data;
}

describe('AsyncInferQueue', () => {
  it("runs every job and calls back (error, request, userData) with that job's outputs", async () => {
    const queue = new ov.AsyncInferQueue(compiled, 4);
    const seen: number[] = [];
    queue.setCallback((error: Error | null, request: InferRequest, userData: object) => {
      expect(error).toBeNull();
      const { job } = userData as { job: number };
      const output = request.getOutputTensor().data as Float32Array;
      // ReLU: the job's first input value, or 0 when negative.
      expect(output[0]).toBe(Math.max(0, job % 2 === 0 ? job : -job));
      expect(output[1]).toBe(Math.max(0, ((1 % 13) - 6) / 4));
      seen.push(job);
    });
    const jobs = Array.from({ length: 12 }, (_, job) =>
      queue.startAsync({ data: image(job % 2 === 0 ? job : -job) }, { job }),
    );
    const resolved = await Promise.all(jobs);
    expect(resolved).toEqual(Array.from({ length: 12 }, (_, job) => ({ job })));
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, job) => job));
    queue.release();
  });

  it('rejects startAsync with what the callback threw', async () => {
    const queue = new ov.AsyncInferQueue(compiled, 2);
    queue.setCallback(() => {
      throw new Error('callback failed');
    });
    await expect(queue.startAsync({ data: image(1) }, {})).rejects.toThrow('callback failed');
    queue.release();
  });

  it('uses the optimal number of requests by default and refuses a second release', () => {
    const queue = new ov.AsyncInferQueue(compiled);
    queue.release();
    expect(() => queue.release()).toThrow(/Failed to release AsyncInferQueue thread-safe function./);
    expect(() => new ov.AsyncInferQueue(compiled, 'x' as never)).toThrow(
      /'AsyncInferQueue' constructor method called with incorrect parameters./,
    );
    expect(() => callLoosely(new ov.AsyncInferQueue(compiled, 2), 'setCallback')).toThrow(
      /'set_callback' method called with incorrect parameters./,
    );
  });
});
