import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LockLostError } from '../errors/lock-lost-error.js';
import { LockTimeoutError } from '../errors/lock-timeout-error.js';
import { acquireDirectoryLock, type LockOptions, type TakeOverReason } from './directory-lock.js';

let folder: string;
let target: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'hubvino-lock-'));
  target = join(folder, '.model');
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Short limits so each case takes well under a second. */
function options(extra: Partial<LockOptions> = {}): LockOptions & { takeOvers: [string, TakeOverReason][] } {
  const takeOvers: [string, TakeOverReason][] = [];
  return {
    staleAfterMs: 400,
    pollMs: 20,
    timeoutMs: 5000,
    onTakeOver: (holder, reason) => takeOvers.push([holder, reason]),
    takeOvers,
    ...extra,
  };
}

async function writeOldLock(contents: string, ageMs = 60_000): Promise<void> {
  await writeFile(`${target}.lock`, contents);
  const then = new Date(Date.now() - ageMs);
  await utimes(`${target}.lock`, then, then);
}

describe('acquireDirectoryLock', () => {
  it('takes over an empty lock file (a full disk) once it shows no sign of life, with a message', async () => {
    await writeOldLock('');
    const settings = options();
    const lock = await acquireDirectoryLock(target, settings);
    expect(lock).toBeDefined();
    expect(settings.takeOvers).toEqual([['', 'stale']]);
    expect(await readFile(`${target}.lock`, 'utf8')).toBe(lock?.contents);
    await lock?.release();
  });

  it('waits staleAfterMs for a fresh lock from another host before taking it over', async () => {
    await writeFile(`${target}.lock`, 'gone-host.example.4242.0123abcd');
    const settings = options();
    const started = Date.now();
    const lock = await acquireDirectoryLock(target, settings);
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(settings.takeOvers).toEqual([['gone-host.example.4242.0123abcd', 'stale']]);
    await lock?.release();
  });

  it('takes over a lock whose PID is alive on this host but whose holder stopped beating (a reused PID)', async () => {
    // Our parent is certainly alive, but it never touches this lock.
    await writeOldLock(`${hostname()}.${process.ppid}.feedbeef`);
    const settings = options();
    const lock = await acquireDirectoryLock(target, settings);
    expect(settings.takeOvers).toEqual([[`${hostname()}.${process.ppid}.feedbeef`, 'stale']]);
    await lock?.release();
  });

  it('takes over at once from a holder on this host whose process is gone', async () => {
    await writeFile(`${target}.lock`, `${hostname()}.2147483646.deadbeef`);
    const settings = options({ staleAfterMs: 60_000 });
    const started = Date.now();
    const lock = await acquireDirectoryLock(target, settings);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(settings.takeOvers).toEqual([[`${hostname()}.2147483646.deadbeef`, 'dead-holder']]);
    await lock?.release();
  });

  it('waits for a live holder that keeps beating, and gives up after timeoutMs with LockTimeoutError naming the lock and holder', async () => {
    const holder = await acquireDirectoryLock(target, options({ heartbeatMs: 50 }));
    const waiting = options({ timeoutMs: 900 });
    const error = await acquireDirectoryLock(target, waiting).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect(LockTimeoutError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'ERR_LOCK_TIMEOUT', lockFile: `${target}.lock`, holder: holder?.contents });
    expect((error as Error).message).toMatch(/still active.*if nothing is running, delete/);
    expect(waiting.takeOvers).toEqual([]);
    await holder?.release();
    const next = await acquireDirectoryLock(target, options());
    expect(next).toBeDefined();
    await next?.release();
  });

  it('tells a holder whose lock was taken over (assertHeld -> LockLostError), and release leaves the new lock alone', async () => {
    const lock = await acquireDirectoryLock(target, options({ heartbeatMs: 10_000 }));
    await writeFile(`${target}.lock`, 'someone-else.example.1.abc');
    await expect(lock?.assertHeld()).rejects.toBeInstanceOf(LockLostError);
    await lock?.release();
    expect(await readFile(`${target}.lock`, 'utf8')).toBe('someone-else.example.1.abc');
  });
});
