import { chmod, mkdtemp, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type ManifestFile, sha256File } from '@hubvino/runtime/artifact';
import { ConversionError } from '../errors/conversion-error.js';
import { makeDirectory } from './make-directory.js';

/**
 * Creates the repository (if needed) and a staging folder `<repository>/.staging-<name>-XXXXXX`,
 * outside `<repository>/<name>/` so that OpenVINO Model Server never sees a half-written version.
 * @throws ConversionError `ERR_REPOSITORY_NOT_WRITABLE` naming the repository.
 */
export async function createStagingDirectory(repository: string, name: string): Promise<string> {
  try {
    await makeDirectory(repository);
    const staging = await mkdtemp(join(repository, `.staging-${name}-`));
    await chmod(staging, 0o755);
    return staging;
  } catch (error) {
    throw new ConversionError(
      `Cannot write to the model repository ${repository} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); pass a writable folder with --repository.`,
      { code: 'ERR_REPOSITORY_NOT_WRITABLE', cause: error },
    );
  }
}

/** Size and SHA-256 of each file (names relative to `directory`). */
export async function describeFiles(directory: string, names: string[]): Promise<ManifestFile[]> {
  const files: ManifestFile[] = [];
  for (const name of names) {
    const path = join(directory, name);
    files.push({ path: name, size: (await stat(path)).size, sha256: await sha256File(path) });
  }
  return files;
}

/**
 * Renames the finished staging folder to `<repository>/<name>/<version>`. Never replaces a version.
 * @throws ConversionError `ERR_VERSION_EXISTS` when the version folder is already there.
 */
export async function moveIntoPlace(
  staging: string,
  repository: string,
  name: string,
  version: number,
): Promise<string> {
  const target = join(repository, name, String(version));
  await makeDirectory(join(repository, name));
  const exists = await stat(target).then(
    () => true,
    () => false,
  );
  if (exists) throw versionExists(repository, name, version);
  try {
    await rename(staging, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') throw versionExists(repository, name, version, error);
    throw new ConversionError(`Cannot publish ${target}: ${(error as Error).message}`, {
      code: 'ERR_REPOSITORY_NOT_WRITABLE',
      cause: error,
    });
  }
  return target;
}

/** The error for a version that is already published. */
export function versionExists(repository: string, name: string, version: number, cause?: unknown): ConversionError {
  return new ConversionError(
    `${join(repository, name, String(version))} already exists; published versions are never changed. Omit --version to publish the next one.`,
    { code: 'ERR_VERSION_EXISTS', cause },
  );
}
