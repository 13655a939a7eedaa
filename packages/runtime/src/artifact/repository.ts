import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ArgumentError } from '../errors/argument-error.js';
import { ArtifactCorruptError } from '../errors/artifact-corrupt-error.js';
import { ArtifactNotFoundError } from '../errors/artifact-not-found-error.js';
import { MANIFEST_FILE_NAME, type Manifest, manifestSchema } from './manifest.js';

const versionPattern = /^[1-9][0-9]*$/;
const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Checks a model name for use as a folder in a model repository. */
export function assertModelName(name: unknown, argument = 'name'): asserts name is string {
  if (typeof name !== 'string' || !namePattern.test(name)) {
    throw new ArgumentError(
      `'${argument}' must be a model name of letters, digits, '.', '_' or '-' that starts with a letter or digit (got ${JSON.stringify(name)})`,
      { argument: argument },
    );
  }
}

/**
 * Published versions of `name` in an OpenVINO Model Server layout repository, ascending. Only
 * folders named by a positive integer count (OVMS ignores others, e.g. `3.tmp`).
 */
export async function listModelVersions(repository: string, name: string): Promise<number[]> {
  assertModelName(name);
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(join(repository, name), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isDirectory() && versionPattern.test(entry.name))
    .map((entry) => Number(entry.name))
    .sort((a, b) => a - b);
}

/** Names of the models in a repository (folders that hold at least one version). */
export async function listModelNames(repository: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(repository, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const names: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || !namePattern.test(entry.name)) continue;
    if ((await listModelVersions(repository, entry.name)).length > 0) names.push(entry.name);
  }
  return names.sort();
}

/** The folder of one version: `<repository>/<name>/<version>`. */
export function versionDirectory(repository: string, name: string, version: number): string {
  return join(repository, name, String(version));
}

/**
 * Resolves `version` (default: the latest) of `name` to its folder.
 * @throws ArtifactNotFoundError when the model or version does not exist.
 */
export async function resolveArtifactVersion(
  repository: string,
  name: string,
  version?: number,
): Promise<{ version: number; directory: string }> {
  const versions = await listModelVersions(repository, name);
  if (versions.length === 0) {
    throw new ArtifactNotFoundError(
      `No model '${name}' in repository ${repository} (expected ${join(repository, name, '<version>')}/). Convert one with: pnpm convert <source> --name ${name} --repository ${repository}`,
    );
  }
  if (version === undefined) {
    const latest = versions[versions.length - 1] as number;
    return { version: latest, directory: versionDirectory(repository, name, latest) };
  }
  if (!Number.isInteger(version) || version < 1) {
    throw new ArgumentError(`'version' must be a positive integer (got ${version})`, { argument: 'version' });
  }
  if (!versions.includes(version)) {
    throw new ArtifactNotFoundError(
      `Model '${name}' has no version ${version} in ${repository}; it has ${versions.join(', ')}.`,
    );
  }
  return { version, directory: versionDirectory(repository, name, version) };
}

/**
 * Reads and validates `hubvino.json` in a version folder.
 * @throws ArtifactNotFoundError when it is missing; ArtifactCorruptError when it is not a valid manifest.
 */
export async function readManifest(directory: string): Promise<Manifest> {
  const file = join(directory, MANIFEST_FILE_NAME);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ArtifactNotFoundError(`Cannot read the artifact manifest ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ArtifactCorruptError(`${file} is not valid JSON; re-publish the artifact.`, { file: file, cause: error });
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ArtifactCorruptError(
      `${file} is not a hubvino manifest (schema ${1}): ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}.`,
      { file: file, cause: parsed.error },
    );
  }
  return parsed.data;
}

/** SHA-256 of a file, streamed. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Checks every file the manifest lists: present, same size, same SHA-256.
 * @throws ArtifactCorruptError naming the first file that differs.
 */
export async function verifyArtifactFiles(directory: string, manifest: Manifest): Promise<void> {
  for (const entry of manifest.files) {
    const file = join(directory, entry.path);
    let size: number;
    try {
      size = (await stat(file)).size;
    } catch (error) {
      throw new ArtifactCorruptError(`${file} is listed in the manifest but missing; re-publish the artifact.`, {
        file: file,
        cause: error,
      });
    }
    if (size !== entry.size) {
      throw new ArtifactCorruptError(
        `${file} is ${size} bytes but the manifest says ${entry.size} (truncated or replaced); re-publish the artifact.`,
        { file: file },
      );
    }
    const digest = await sha256File(file);
    if (digest !== entry.sha256) {
      throw new ArtifactCorruptError(
        `${file} has sha256 ${digest} but the manifest says ${entry.sha256}; re-publish the artifact.`,
        { file: file },
      );
    }
  }
}
