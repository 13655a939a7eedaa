import { isAbsolute, join, normalize, sep } from 'node:path';
import { ArgumentError } from '../errors/argument-error.js';
import { ArtifactCorruptError } from '../errors/artifact-corrupt-error.js';
import { ArtifactNotFoundError } from '../errors/artifact-not-found-error.js';
import { cliCommand } from '../toolchain/toolchain-paths.js';
import { MANIFEST_FILE_NAME, type Manifest, MODEL_BIN_FILE_NAME, MODEL_XML_FILE_NAME } from './manifest.js';
import { assertModelName, readManifest, resolveArtifactVersion } from './repository.js';

/** One version of an artifact whose manifest was read and checked, not yet verified or compiled. */
export interface OpenedArtifact {
  /** The model repository folder. */
  readonly repository: string;
  /** The model name in the repository. */
  readonly name: string;
  /** The resolved version. */
  readonly version: number;
  /** `<repository>/<name>/<version>`. */
  readonly directory: string;
  /** `<directory>/hubvino.json`, for messages. */
  readonly manifestFile: string;
  /** The parsed manifest, read once. */
  readonly manifest: Manifest;
}

/**
 * Resolves `version` (default the latest) of `name`, reads `hubvino.json` once and checks that it
 * describes this folder and lists both IR files inside it. Tasks open their artifacts with this
 * and hand the result to `compileArtifact`, so a load reads each manifest exactly once.
 * @throws ArgumentError for a bad repository or name; ArtifactNotFoundError when the model, the
 *   version or its manifest is missing; ArtifactCorruptError when the manifest is invalid.
 */
export async function openArtifact(repository: string, name: string, version?: number): Promise<OpenedArtifact> {
  if (typeof repository !== 'string' || repository.length === 0) {
    throw new ArgumentError(
      `'repository' must be the path of a model repository folder (got ${JSON.stringify(repository)})`,
      { argument: 'repository' },
    );
  }
  assertModelName(name);
  const resolved = await resolveArtifactVersion(repository, name, version);
  const manifestFile = join(resolved.directory, MANIFEST_FILE_NAME);
  const manifest = await readManifestOrExplain(resolved.directory, repository, name, resolved.version);
  if (manifest.name !== name || manifest.version !== resolved.version) {
    throw new ArtifactCorruptError(
      `${manifestFile} describes ${manifest.name} version ${manifest.version}, but it sits in the folder of ${name} version ${resolved.version}; the repository was edited by hand. Re-publish the artifact.`,
      { file: manifestFile },
    );
  }
  checkFileList(manifest, manifestFile);
  return Object.freeze({
    repository,
    name,
    version: resolved.version,
    directory: resolved.directory,
    manifestFile,
    manifest,
  });
}

async function readManifestOrExplain(
  directory: string,
  repository: string,
  name: string,
  version: number,
): Promise<Manifest> {
  try {
    return await readManifest(directory);
  } catch (error) {
    if (ArtifactNotFoundError.isInstance(error)) {
      throw new ArtifactNotFoundError(
        `${error.message} Version ${version} of '${name}' in ${repository} is not a published artifact; publish it again with: ${cliCommand('hubvino-convert')} <source> --name ${name} --repository ${repository}`,
        { cause: error },
      );
    }
    throw error;
  }
}

/** The manifest must list both IR files, and only plain relative paths inside the version folder. */
function checkFileList(manifest: Manifest, manifestFile: string): void {
  for (const entry of manifest.files) {
    const path = normalize(entry.path);
    if (isAbsolute(entry.path) || path === '..' || path.startsWith(`..${sep}`) || path.includes(`${sep}..${sep}`)) {
      throw new ArtifactCorruptError(
        `${manifestFile} lists '${entry.path}', which is outside the version folder; re-publish the artifact.`,
        { file: manifestFile },
      );
    }
  }
  for (const required of [MODEL_XML_FILE_NAME, MODEL_BIN_FILE_NAME]) {
    if (!manifest.files.some((entry) => normalize(entry.path) === required)) {
      throw new ArtifactCorruptError(
        `${manifestFile} does not list ${required} in 'files', so it cannot be verified; re-publish the artifact.`,
        { file: manifestFile },
      );
    }
  }
}
