import { join } from 'node:path';
import { ArtifactCorruptError } from '@hubvino/runtime';
import { MANIFEST_FILE_NAME, type Manifest, readManifest } from '@hubvino/runtime/artifact';

/**
 * The manifest of `name` version `version` (in `directory`) for `ifChanged`. An unreadable one is an
 * error, never "changed": publishing a new version next to a broken one would hide the damage.
 *
 * @throws ArtifactCorruptError naming the manifest file, with the reason as `cause`.
 */
export async function readLatestManifest(directory: string, name: string, version: number): Promise<Manifest> {
  try {
    return await readManifest(directory);
  } catch (error) {
    throw new ArtifactCorruptError(
      `ifChanged (--if-changed) cannot compare with ${name} version ${version}: ${(error as Error).message} Repair or remove ${directory}, or convert without ifChanged.`,
      { file: join(directory, MANIFEST_FILE_NAME), cause: error },
    );
  }
}
