import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { HttpError } from './http-error.js';
import { JobLimiter } from './job-limiter.js';

describe('JobLimiter', () => {
  it('runs at most `concurrency` jobs at once, in arrival order, and refuses beyond the line with 503', async () => {
    const limiter = new JobLimiter({ concurrency: 2, maxQueued: 2 });
    let active = 0;
    let most = 0;
    const order: number[] = [];
    const job = (index: number) => async () => {
      active += 1;
      most = Math.max(most, active);
      await sleep(20);
      order.push(index);
      active -= 1;
      return index;
    };
    const accepted = [0, 1, 2, 3].map((index) => limiter.run(job(index)));
    const refused = await limiter.run(job(4)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HttpError);
    expect(refused).toMatchObject({ statusCode: 503, code: 'ERR_SERVER_BUSY' });
    expect(await Promise.all(accepted)).toEqual([0, 1, 2, 3]);
    expect(most).toBe(2);
    expect(order.slice(0, 2).sort()).toEqual([0, 1]);
    expect(limiter.running).toBe(0);
    expect(limiter.queued).toBe(0);
  });

  it('frees the slot when a job fails', async () => {
    const limiter = new JobLimiter({ concurrency: 1, maxQueued: 0 });
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limiter.run(async () => 'next')).toBe('next');
    expect(() => new JobLimiter({ concurrency: 0, maxQueued: 0 })).toThrow(/'concurrency'/);
  });
});
