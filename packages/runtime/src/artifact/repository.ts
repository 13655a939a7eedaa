import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ArgumentError } from '../errors/argument-error.js';
import { ArtifactCorruptError } from '../errors/artifact-corrupt-error.js';
import { ArtifactNotFoundError } from '../errors/artifact-not-found-error.js';
import { cliCommand } from '../toolchain/toolchain-paths.js';
import {
  checkManifestCompileConfig,
  checkManifestPath,
  MAX_MANIFEST_BYTES,
  openArtifactFile,
  readArtifactText,
} from './artifact-files.js';
import { MANIFEST_FILE_NAME, type Manifest, manifestSchema } from './manifest.js';

const versionPattern = /^[1-9][0-9]*$/;
const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Longest model name: folder names may have 255 bytes, and the converter's staging folder
 * (`.staging-<name>-XXXXXX`) and lock (`.<name>.lock`) add up to 16.
 */
export const MAX_MODEL_NAME_LENGTH = 200;

/** Checks a model name for use as a folder in a model repository. */
export function assertModelName(name: unknown, argument = 'name'): asserts name is string {
  if (typeof name !== 'string' || !namePattern.test(name)) {
    throw new ArgumentError(
      `'${argument}' must be a model name of letters, digits, '.', '_' or '-' that starts with a letter or digit (got ${JSON.stringify(name)})`,
      { argument: argument },
    );
  }
  if (name.length > MAX_MODEL_NAME_LENGTH) {
    throw new ArgumentError(
      `'${argument}' must be at most ${MAX_MODEL_NAME_LENGTH} characters (got ${name.length}); pick a shorter model name`,
      { argument: argument },
    );
  }
}

/** True for a folder name that is a version: a positive integer written plainly, and exact as a number. */
function isVersionName(name: string): boolean {
  return versionPattern.test(name) && Number.isSafeInteger(Number(name));
}

/**
 * Published versions of `name` in an OpenVINO Model Server layout repository, ascending. Only
 * folders named by a positive integer count (OVMS ignores others, e.g. `3.tmp`); a number too large
 * to be exact (`99999999999999999999`) is not a version either.
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
    .filter((entry) => entry.isDirectory() && isVersionName(entry.name))
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
      `No model '${name}' in repository ${repository} (expected ${join(repository, name, '<version>')}/). Convert one with @hubvino/converter: ${cliCommand('hubvino-convert')} <source> --name ${name} --repository ${repository}`,
    );
  }
  if (version === undefined) {
    const latest = versions[versions.length - 1] as number;
    return { version: latest, directory: versionDirectory(repository, name, latest) };
  }
  if (!Number.isSafeInteger(version) || version < 1) {
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
 * Reads and validates `hubvino.json` in a version folder, as untrusted input: a regular file of at
 * most {@link MAX_MANIFEST_BYTES}, every path it names inside the folder, `labelsFile` among the
 * checksummed `files`, and no `compile.config` beyond performance and precision settings.
 * @throws ArtifactNotFoundError when it is missing; ArtifactCorruptError when it is not a valid manifest.
 */
export async function readManifest(directory: string): Promise<Manifest> {
  const file = join(directory, MANIFEST_FILE_NAME);
  let text: string;
  try {
    text = await readArtifactText(directory, MANIFEST_FILE_NAME, 'the artifact manifest', MAX_MANIFEST_BYTES);
  } catch (error) {
    const code = ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new ArtifactNotFoundError(`Cannot read the artifact manifest ${file}: it does not exist.`, {
        cause: error,
      });
    }
    throw error;
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
  const manifest = parsed.data;
  for (const [index, entry] of manifest.files.entries()) checkManifestPath(entry.path, `files[${index}].path`, file);
  const labelsFile = manifest.postprocessing?.labelsFile;
  if (labelsFile !== undefined) {
    checkManifestPath(labelsFile, 'postprocessing.labelsFile', file);
    if (!manifest.files.some((entry) => posixPath(entry.path) === posixPath(labelsFile))) {
      throw new ArtifactCorruptError(
        `${file} names '${labelsFile}' as postprocessing.labelsFile but does not list it in 'files', so it cannot be verified; re-publish the artifact.`,
        { file: file },
      );
    }
  }
  checkManifestCompileConfig(manifest.compile?.config, file);
  return manifest;
}

function posixPath(path: string): string {
  return path.replaceAll('\\', '/');
}

/** SHA-256 of a file, streamed. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Options of {@link verifyArtifactFiles}. */
export interface VerifyArtifactFilesOptions {
  /** Compare SHA-256 digests too (default true); sizes and file kinds are always checked. */
  checksums?: boolean;
}

/**
 * Checks every file the manifest lists: a regular file inside the version folder (never a link, a
 * FIFO or a device, which would hang or escape), the listed size and the listed SHA-256.
 * @throws ArtifactCorruptError naming the first file that differs.
 */
export async function verifyArtifactFiles(
  directory: string,
  manifest: Manifest,
  options: VerifyArtifactFilesOptions = {},
): Promise<void> {
  for (const entry of manifest.files) {
    const file = join(directory, entry.path);
    const handle = await openArtifactFile(directory, entry.path, 'listed in the manifest');
    try {
      const { size } = await handle.stat();
      if (size !== entry.size) {
        throw new ArtifactCorruptError(
          `${file} is ${size} bytes but the manifest says ${entry.size} (truncated or replaced); re-publish the artifact.`,
          { file: file },
        );
      }
      if (options.checksums === false) continue;
      const hash = createHash('sha256');
      for await (const chunk of handle.createReadStream({ autoClose: false })) hash.update(chunk as Buffer);
      const digest = hash.digest('hex');
      if (digest !== entry.sha256) {
        throw new ArtifactCorruptError(
          `${file} has sha256 ${digest} but the manifest says ${entry.sha256}; re-publish the artifact.`,
          { file: file },
        );
      }
    } finally {
      await handle.close();
    }
  }
}
