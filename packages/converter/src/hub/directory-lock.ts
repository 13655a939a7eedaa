import { randomUUID } from 'node:crypto';
import { open, readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LockLostError } from '../errors/lock-lost-error.js';
import { LockTimeoutError } from '../errors/lock-timeout-error.js';

/** A held lock file; {@link release} removes it when it is still ours. */
export interface HeldLock {
  /** The lock file, `<directory>.lock`. */
  file: string;
  /** What we wrote into it: `<host>.<pid>.<uid>` (tensorflow_hub's format). */
  contents: string;
  /** The unique id of this holder (also names the holder's `<directory>.<uid>.tmp` folder). */
  uid: string;
  /**
   * Checks that the lock is still ours (nobody took it over while our heartbeat looked stale).
   * @throws LockLostError otherwise.
   */
  assertHeld(): Promise<void>;
  /** Stops the heartbeat and removes the lock file if it is still ours. Safe to repeat. */
  release(): Promise<void>;
}

/** Why a lock was taken over. */
export type TakeOverReason = 'dead-holder' | 'stale';

/** Options for {@link acquireDirectoryLock}. */
export interface LockOptions {
  /**
   * A lock whose holder showed no sign of life (heartbeat, or growth of its temp folder) for this
   * long is stale and taken over: an empty lock file left by a full disk, a lock from another host
   * that went away, or one whose PID now belongs to another process.
   */
  staleAfterMs: number;
  /** Poll interval while waiting. */
  pollMs: number;
  /**
   * Give up waiting after this long with {@link LockTimeoutError} (default: never). The holder is
   * alive all along, or it would have been taken over.
   */
  timeoutMs?: number;
  /** How often the holder touches its lock file to show it is alive (default staleAfterMs / 4, at most 10 s). */
  heartbeatMs?: number;
  /** Called once when we start waiting for another holder. */
  onWait?: (holder: string) => void;
  /** Called when we take over a lock from a dead or stale holder (for a message to the user). */
  onTakeOver?: (holder: string, reason: TakeOverReason) => void;
  /** Returns true when waiting is pointless (e.g. the guarded result appeared); then resolves undefined. */
  done?: () => Promise<boolean>;
}

/** The `<host>.<pid>.<uid>` parts of a lock's contents (host names may contain dots). */
export function parseLockContents(contents: string): { host: string; pid: number; uid: string } | undefined {
  const parts = contents.trim().split('.');
  if (parts.length < 3) return undefined;
  const uid = parts.pop() as string;
  const pid = Number(parts.pop());
  if (!Number.isInteger(pid)) return undefined;
  return { host: parts.join('.'), pid, uid };
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(file: string): Promise<{ contents: string; modifiedMs: number } | undefined> {
  try {
    const [contents, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    return { contents, modifiedMs: info.mtimeMs };
  } catch {
    return undefined;
  }
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function treeSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isDirectory()) return info.size;
    let total = 0;
    for (const entry of await readdir(path)) total += await treeSize(join(path, entry));
    return total;
  } catch {
    return 0;
  }
}

/** Creates the lock file with `contents`, exclusively; a failed write (disk full) leaves no empty file behind. */
async function createLockFile(file: string, contents: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(contents);
    await handle.close();
    return true;
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(file, { force: true });
    throw error;
  }
}

/**
 * Takes `<directory>.lock` the way tensorflow_hub does (create-exclusive a file holding
 * `<host>.<pid>.<uid>`), waiting while another process holds it. The holder shows it is alive by
 * touching the file (a heartbeat every `heartbeatMs`; tensorflow_hub itself instead grows its
 * `<directory>.<uid>.tmp` folder, which counts too). A lock is taken over, with `onTakeOver`:
 * at once when its holder is a process on this host that no longer exists, and after `staleAfterMs`
 * without a sign of life otherwise (an empty file, another host, a reused PID). A dead holder's temp
 * folder is removed with its lock. Waiting longer than `timeoutMs` throws {@link LockTimeoutError}.
 *
 * Resolves `undefined` without locking when `options.done()` turns true while waiting.
 */
export async function acquireDirectoryLock(directory: string, options: LockOptions): Promise<HeldLock | undefined> {
  const file = `${directory}.lock`;
  const uid = randomUUID().replaceAll('-', '');
  const contents = `${hostname()}.${process.pid}.${uid}`;
  const started = Date.now();
  let waiting = false;
  let observed: { contents: string; lastSignOfLife: number; modifiedMs: number; tmpSize: number } | undefined;
  for (;;) {
    if (await createLockFile(file, contents)) return holdLock(file, contents, uid, options);
    if (options.done && (await options.done())) return undefined;
    const holder = await readLock(file);
    if (holder === undefined) continue; // released meanwhile: try again at once
    if (!waiting) {
      waiting = true;
      options.onWait?.(holder.contents);
    }
    const parsed = parseLockContents(holder.contents);
    if (parsed && parsed.host === hostname() && !processIsAlive(parsed.pid)) {
      // The holder died (killed mid-run): its half-written temp folder goes with its lock.
      await rm(`${directory}.${parsed.uid}.tmp`, { recursive: true, force: true, maxRetries: 3 });
      if (await removeIfUnchanged(file, holder.contents)) options.onTakeOver?.(holder.contents, 'dead-holder');
      continue;
    }
    const now = Date.now();
    const tmpSize = parsed ? await treeSize(`${directory}.${parsed.uid}.tmp`) : 0;
    if (
      !observed ||
      observed.contents !== holder.contents ||
      observed.modifiedMs !== holder.modifiedMs ||
      observed.tmpSize !== tmpSize
    ) {
      // A sign of life (or a new holder). The file's own age counts for a lock we see for the first time.
      const lastSignOfLife =
        observed && observed.contents === holder.contents ? now : Math.min(now, Math.max(holder.modifiedMs, 0));
      observed = { contents: holder.contents, lastSignOfLife, modifiedMs: holder.modifiedMs, tmpSize };
    }
    if (now - observed.lastSignOfLife > options.staleAfterMs) {
      if (await removeIfUnchanged(file, holder.contents)) options.onTakeOver?.(holder.contents, 'stale');
      observed = undefined;
      continue;
    }
    if (options.timeoutMs !== undefined && now - started > options.timeoutMs) {
      throw LockTimeoutError.of({ lockFile: file, holder: holder.contents.trim(), waitedMs: now - started });
    }
    await sleep(options.pollMs);
  }
}

function holdLock(file: string, contents: string, uid: string, options: LockOptions): HeldLock {
  const heartbeatMs = options.heartbeatMs ?? Math.max(50, Math.min(10_000, options.staleAfterMs / 4));
  let lost = false;
  let released = false;
  const beat = async () => {
    if ((await readText(file)) !== contents) {
      lost = true;
      return;
    }
    const now = new Date();
    await utimes(file, now, now).catch(() => {});
  };
  const timer = Number.isFinite(heartbeatMs) ? setInterval(() => void beat(), heartbeatMs) : undefined;
  timer?.unref();
  return {
    file,
    contents,
    uid,
    async assertHeld() {
      if (lost || (await readText(file)) !== contents) {
        lost = true;
        throw LockLostError.of(file);
      }
    },
    async release() {
      if (released) return;
      released = true;
      if (timer) clearInterval(timer);
      if ((await readText(file)) === contents) await rm(file, { force: true });
    },
  };
}

async function removeIfUnchanged(file: string, expected: string): Promise<boolean> {
  if ((await readText(file)) !== expected) return false;
  await rm(file, { force: true });
  return true;
}
