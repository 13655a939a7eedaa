import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { sha256File } from '@hubvino/runtime/artifact';

async function listFiles(root: string, directory = root, found: string[] = []): Promise<string[]> {
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) await listFiles(root, path, found);
    else if (entry.isFile()) found.push(path);
  }
  return found;
}

/**
 * SHA-256 of a model folder: of the sorted listing `<relative path> <size> <sha256>\n` of its files.
 * The same bytes give the same digest whether the folder was downloaded, extracted from a local
 * archive or already in the cache.
 */
export async function sha256Directory(directory: string): Promise<string> {
  const lines: string[] = [];
  for (const file of await listFiles(directory)) {
    const path = relative(directory, file).split(sep).join('/');
    lines.push(`${path} ${(await stat(file)).size} ${await sha256File(file)}\n`);
  }
  lines.sort();
  return createHash('sha256').update(lines.join('')).digest('hex');
}

/** SHA-256 of a file, or of a folder's listing ({@link sha256Directory}). */
export async function sha256Source(path: string): Promise<string> {
  return (await stat(path)).isDirectory() ? sha256Directory(path) : sha256File(path);
}
