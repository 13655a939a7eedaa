import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { makeDirectory } from '../publish/make-directory.js';
import { acquireDirectoryLock } from './directory-lock.js';

/** Options for {@link atomicDownload}. */
export interface AtomicDownloadOptions {
  /** The handle, written into `<directory>.descriptor.txt` as tensorflow_hub does. */
  handle: string;
  /** The final cache folder, `<cache>/<sha1(handle)>`. */
  directory: string;
  /** Fills the (empty) temp folder; throw to abandon it. */
  download: (temporaryDirectory: string) => Promise<void>;
  staleAfterMs: number;
  pollMs: number;
  /** Extra `Key: value` lines for the descriptor (read back with {@link readDescriptor}). */
  descriptorLines?: () => string[];
  /** Called when another process holds the lock and we wait for it. */
  onWait?: (holder: string) => void;
}

/** The `Key: value` lines of `<directory>.descriptor.txt`, or an empty object. */
export async function readDescriptor(directory: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  try {
    for (const line of (await readFile(`${directory}.descriptor.txt`, 'utf8')).split('\n')) {
      const separator = line.indexOf(': ');
      if (separator > 0) result[line.slice(0, separator)] = line.slice(separator + 2);
    }
  } catch {
    // no descriptor: a folder made by hand or by another tool
  }
  return result;
}

/** True when the folder exists and is not empty (tensorflow_hub's "already downloaded" test). */
export async function isPopulated(directory: string): Promise<boolean> {
  try {
    return (await readdir(directory)).length > 0;
  } catch {
    return false;
  }
}

/**
 * tensorflow_hub's `atomic_download`: returns at once when `directory` is populated; otherwise takes
 * `<directory>.lock`, downloads into `<directory>.<uid>.tmp` and renames it into place, so no reader
 * ever sees a half-extracted folder. The temp folder is removed on failure; the lock is always
 * released. Two processes never download the same handle at once.
 *
 * @returns whether the folder was already there (`cacheHit`).
 */
export async function atomicDownload(options: AtomicDownloadOptions): Promise<{ cacheHit: boolean }> {
  const { directory } = options;
  if (await isPopulated(directory)) return { cacheHit: true };
  await makeDirectory(dirname(directory));
  const lock = await acquireDirectoryLock(directory, {
    staleAfterMs: options.staleAfterMs,
    pollMs: options.pollMs,
    ...(options.onWait ? { onWait: options.onWait } : {}),
    done: () => isPopulated(directory),
  });
  if (!lock) return { cacheHit: true };
  const temporary = `${directory}.${lock.uid}.tmp`;
  try {
    if (await isPopulated(directory)) return { cacheHit: true };
    await rm(directory, { recursive: true, force: true, maxRetries: 5 });
    await makeDirectory(temporary);
    await options.download(temporary);
    await writeFile(
      `${directory}.descriptor.txt`,
      `Module: ${options.handle}\nDownload Time: ${new Date().toISOString()}\nDownloader Hostname: ${hostname()} (PID:${process.pid})${(options.descriptorLines?.() ?? []).map((line) => `\n${line}`).join('')}`,
    );
    try {
      await rename(temporary, directory);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    }
    return { cacheHit: false };
  } finally {
    // After a failed download the extractor may still be closing files in the temp folder:
    // retry ENOTEMPTY/EBUSY instead of letting the clean-up hide the download's own error.
    await rm(temporary, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
    await lock.release();
  }
}
