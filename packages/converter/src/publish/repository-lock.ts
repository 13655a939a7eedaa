import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ConversionError } from '../errors/conversion-error.js';
import { acquireDirectoryLock, type HeldLock, type TakeOverReason } from '../hub/directory-lock.js';
import { makeDirectory } from './make-directory.js';

/** How conversions to one name in a repository wait for each other. */
export interface RepositoryLockOptions {
  /** A holder silent (no heartbeat) for this long is taken over (default 60 s, env HUBVINO_LOCK_STALE_MS). */
  staleAfterMs: number;
  /** Give up waiting for a live holder after this long (default 30 min, env HUBVINO_LOCK_TIMEOUT_MS). */
  timeoutMs: number;
  /** Poll interval while waiting (default 200 ms). */
  pollMs: number;
}

function environmentMilliseconds(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) {
    throw new ConversionError(`${name} must be a positive number of milliseconds (got ${JSON.stringify(value)}).`, {
      code: 'ERR_INVALID_ENVIRONMENT',
    });
  }
  return parsed;
}

/** The lock settings: `overrides`, else the environment, else the defaults. */
export function repositoryLockOptions(overrides: Partial<RepositoryLockOptions> = {}): RepositoryLockOptions {
  return {
    staleAfterMs: overrides.staleAfterMs ?? environmentMilliseconds('HUBVINO_LOCK_STALE_MS') ?? 60_000,
    timeoutMs: overrides.timeoutMs ?? environmentMilliseconds('HUBVINO_LOCK_TIMEOUT_MS') ?? 30 * 60_000,
    pollMs: overrides.pollMs ?? 200,
  };
}

/** `<repository>/.staging-<name>-XXXXXX`: exactly what mkdtemp makes for `name`, never another name's. */
export function isStagingFolderOf(entry: string, name: string): boolean {
  if (!entry.startsWith(`.staging-${name}-`)) return false;
  return /^[A-Za-z0-9]{6}$/.test(entry.slice(`.staging-${name}-`.length));
}

/**
 * Removes `<repository>/.staging-<name>-XXXXXX` folders left by conversions that were killed
 * (SIGKILL, a power cut). Only safe while holding the name's lock: every live conversion to `name`
 * creates its staging folder under that lock, so any other one is debris.
 * @returns the folders removed.
 */
export async function sweepStaleStaging(repository: string, name: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(repository);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    if (!isStagingFolderOf(entry, name)) continue;
    await rm(join(repository, entry), { recursive: true, force: true, maxRetries: 3 });
    removed.push(join(repository, entry));
  }
  return removed;
}

/**
 * Takes `<repository>/.<name>.lock` (creating the repository if needed), then sweeps the name's
 * stale staging folders. See {@link acquireDirectoryLock} for heartbeats, take-overs and the bounded wait.
 * @throws ConversionError `ERR_REPOSITORY_NOT_WRITABLE` naming the repository; LockTimeoutError.
 */
export async function lockModelName(
  repository: string,
  name: string,
  options: Partial<RepositoryLockOptions> & {
    onWait?: (holder: string) => void;
    onTakeOver?: (holder: string, reason: TakeOverReason) => void;
    onSwept?: (folders: string[]) => void;
  } = {},
): Promise<HeldLock> {
  const settings = repositoryLockOptions(options);
  let lock: HeldLock | undefined;
  try {
    await makeDirectory(repository);
    lock = await acquireDirectoryLock(join(repository, `.${name}`), {
      ...settings,
      ...(options.onWait ? { onWait: options.onWait } : {}),
      ...(options.onTakeOver ? { onTakeOver: options.onTakeOver } : {}),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // File-system errors (ENOENT, EACCES, EROFS, ENOTDIR, ...), not our own typed errors.
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      throw new ConversionError(
        `Cannot write to the model repository ${repository} (${code}); pass a writable folder with --repository.`,
        { code: 'ERR_REPOSITORY_NOT_WRITABLE', cause: error },
      );
    }
    throw error;
  }
  const held = lock as HeldLock;
  const swept = await sweepStaleStaging(repository, name);
  if (swept.length > 0) options.onSwept?.(swept);
  return held;
}
