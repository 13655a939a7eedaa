import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * `mkdir -p` without `fs.mkdir`'s `recursive` option, which never returns for a path whose parent
 * exists but refuses children with ENOENT (`/proc/x`: Node's recursive mkdir retries forever).
 * Creates each missing folder from the top with a plain mkdir; any error other than "already
 * there" is thrown as is (with its `code`), so callers can name the path.
 */
export async function makeDirectory(path: string): Promise<void> {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    try {
      const info = await stat(current);
      if (!info.isDirectory()) {
        throw Object.assign(new Error(`${current} exists and is not a folder`), { code: 'ENOTDIR', path: current });
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      missing.push(current);
      const parent = dirname(current);
      if (parent === current) break;
      current = parent;
    }
  }
  for (const folder of missing.reverse()) {
    try {
      await mkdir(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
