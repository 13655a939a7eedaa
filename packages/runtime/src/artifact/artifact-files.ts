import { constants } from 'node:fs';
import { type FileHandle, open, realpath } from 'node:fs/promises';
import { isAbsolute, join, posix, relative, sep } from 'node:path';
import { ArtifactCorruptError } from '../errors/artifact-corrupt-error.js';

/**
 * How the runtime treats what a manifest says, since a model repository may come from anywhere:
 * every file it names stays inside its version folder, is a regular file (never a link, FIFO or
 * device) and is checksummed; it never chooses where the runtime writes (`CACHE_DIR`) or reads
 * outside the folder.
 */

/** The largest `hubvino.json` read (a real one is a few KB). */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/**
 * OpenVINO properties a manifest's `compile.config` may set: performance and precision settings
 * only. Anything else (above all `CACHE_DIR`, a path the runtime would write to) comes from the
 * caller's `config`/`cacheDirectory`, never from a file in the repository.
 */
export const MANIFEST_COMPILE_PROPERTIES: readonly string[] = Object.freeze([
  'PERFORMANCE_HINT',
  'PERFORMANCE_HINT_NUM_REQUESTS',
  'EXECUTION_MODE_HINT',
  'INFERENCE_PRECISION_HINT',
  'NUM_STREAMS',
  'INFERENCE_NUM_THREADS',
  'ENABLE_CPU_PINNING',
  'ENABLE_HYPER_THREADING',
  'SCHEDULING_CORE_TYPE',
  'MODEL_PRIORITY',
  'DYNAMIC_QUANTIZATION_GROUP_SIZE',
  'KV_CACHE_PRECISION',
]);

/**
 * Checks a path a manifest names (`files[].path`, `postprocessing.labelsFile`) without touching the
 * disk: relative, normalized, inside the folder.
 * @throws ArtifactCorruptError naming the manifest, the field and the path.
 */
export function checkManifestPath(path: string, field: string, manifestFile: string): void {
  const slashes = path.replaceAll('\\', '/');
  const normalized = posix.normalize(slashes);
  if (
    path === '' ||
    path.includes('\0') ||
    isAbsolute(path) ||
    slashes.startsWith('/') ||
    /^[A-Za-z]:/.test(slashes) ||
    normalized !== slashes ||
    normalized === '.' ||
    normalized === '..' ||
    normalized.startsWith('../')
  ) {
    throw new ArtifactCorruptError(
      `${manifestFile} names '${path}' in ${field}, which is outside the version folder (or not a plain relative path); re-publish the artifact.`,
      { file: manifestFile },
    );
  }
}

/**
 * Checks the manifest's `compile.config` keys against {@link MANIFEST_COMPILE_PROPERTIES}.
 * @throws ArtifactCorruptError naming the key.
 */
export function checkManifestCompileConfig(
  config: Readonly<Record<string, string>> | undefined,
  manifestFile: string,
): void {
  for (const key of Object.keys(config ?? {})) {
    if (!MANIFEST_COMPILE_PROPERTIES.includes(key)) {
      throw new ArtifactCorruptError(
        `${manifestFile} sets compile.config.${key}, which a manifest may not set (only ${MANIFEST_COMPILE_PROPERTIES.join(', ')}); pass it in code instead (loadArtifact's 'config', or 'cacheDirectory' for CACHE_DIR).`,
        { file: manifestFile },
      );
    }
  }
}

/**
 * Opens `<directory>/<path>` for reading only if it is a regular file inside `directory`: a symlink
 * is refused (O_NOFOLLOW), a FIFO or device is refused without blocking (O_NONBLOCK, then fstat),
 * and a folder on the way that leads elsewhere is refused by its real path.
 * @throws ArtifactCorruptError naming the file and what it is.
 */
export async function openArtifactFile(directory: string, path: string, what: string): Promise<FileHandle> {
  const file = join(directory, path);
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') {
      throw new ArtifactCorruptError(
        `${file} (${what}) is a symbolic link; an artifact holds only regular files. Re-publish the artifact.`,
        { file: file, cause: error },
      );
    }
    throw new ArtifactCorruptError(
      code === 'ENOENT'
        ? `${file} is listed in the manifest but missing; re-publish the artifact.`
        : `Cannot open ${file} (${what}): ${(error as Error).message}`,
      { file: file, cause: error },
    );
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      throw new ArtifactCorruptError(
        `${file} (${what}) is not a regular file (a ${info.isFIFO() ? 'FIFO' : info.isDirectory() ? 'folder' : 'device or socket'}); an artifact holds only regular files. Re-publish the artifact.`,
        { file: file },
      );
    }
    const [realDirectory, realFile] = await Promise.all([realpath(directory), realpath(file)]);
    const inside = relative(realDirectory, realFile);
    if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
      throw new ArtifactCorruptError(
        `${file} (${what}) leads outside the version folder ${directory}; re-publish the artifact.`,
        { file: file },
      );
    }
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * Reads a small regular file of an artifact (the manifest) through {@link openArtifactFile}, at
 * most `maxBytes`.
 */
export async function readArtifactText(
  directory: string,
  path: string,
  what: string,
  maxBytes: number,
): Promise<string> {
  const handle = await openArtifactFile(directory, path, what);
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) {
      throw new ArtifactCorruptError(
        `${join(directory, path)} (${what}) is ${size} bytes, more than the ${maxBytes}-byte limit; re-publish the artifact.`,
        { file: join(directory, path) },
      );
    }
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
