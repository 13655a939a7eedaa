import { randomUUID } from 'node:crypto';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A held lock file; {@link release} removes it when it is still ours. */
export interface HeldLock {
  /** The lock file, `<directory>.lock`. */
  file: string;
  /** What we wrote into it: `<host>.<pid>.<uid>` (tensorflow_hub's format). */
  contents: string;
  /** The unique id of this holder (also names the holder's `<directory>.<uid>.tmp` folder). */
  uid: string;
  release(): Promise<void>;
}

/** Options for {@link acquireDirectoryLock}. */
export interface LockOptions {
  /** Take the lock over when its holder's temp folder did not change for this long. */
  staleAfterMs: number;
  /** Poll interval while waiting. */
  pollMs: number;
  /** Called once when we start waiting for another holder. */
  onWait?: (holder: string) => void;
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

/**
 * Takes `<directory>.lock` the way tensorflow_hub does (create-exclusive a file holding
 * `<host>.<pid>.<uid>`), waiting while another process holds it. A lock is taken over when its
 * holder is a process on this host that no longer exists, or when the holder's
 * `<directory>.<uid>.tmp` folder did not grow for `staleAfterMs`. A dead holder's temp folder is
 * removed with its lock.
 *
 * Resolves `undefined` without locking when `options.done()` turns true while waiting.
 */
export async function acquireDirectoryLock(directory: string, options: LockOptions): Promise<HeldLock | undefined> {
  const file = `${directory}.lock`;
  const uid = randomUUID().replaceAll('-', '');
  const contents = `${hostname()}.${process.pid}.${uid}`;
  let waiting = false;
  let observed: { contents: string | undefined; size: number; since: number } | undefined;
  for (;;) {
    try {
      await writeFile(file, contents, { flag: 'wx' });
      return {
        file,
        contents,
        uid,
        async release() {
          if ((await readText(file)) === contents) await rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (options.done && (await options.done())) return undefined;
    const holder = await readText(file);
    if (holder === undefined) continue;
    if (!waiting) {
      waiting = true;
      options.onWait?.(holder);
    }
    const parsed = parseLockContents(holder);
    if (parsed && parsed.host === hostname() && !processIsAlive(parsed.pid)) {
      // The holder died (killed mid-download): its half-written temp folder goes with its lock.
      await rm(`${directory}.${parsed.uid}.tmp`, { recursive: true, force: true });
      await removeIfUnchanged(file, holder);
      continue;
    }
    const size = parsed ? await treeSize(`${directory}.${parsed.uid}.tmp`) : 0;
    const now = Date.now();
    if (!observed || observed.contents !== holder || observed.size !== size) {
      observed = { contents: holder, size, since: now };
    } else if (now - observed.since > options.staleAfterMs) {
      await removeIfUnchanged(file, holder);
      observed = undefined;
      continue;
    }
    await sleep(options.pollMs);
  }
}

async function removeIfUnchanged(file: string, expected: string): Promise<void> {
  if ((await readText(file)) === expected) await rm(file, { force: true });
}
