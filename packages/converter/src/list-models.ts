import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ArgumentError } from '@hubvino/runtime';
import { listModelNames, listModelVersions, readManifest, versionDirectory } from '@hubvino/runtime/artifact';

/** One published version in a repository listing. */
export interface ListedVersion {
  name: string;
  version: number;
  directory: string;
  /** Sum of the files listed in the manifest (bytes); undefined without a readable manifest. */
  size: number | undefined;
  task: string | undefined;
  source: string | undefined;
  sourceFormat: string | undefined;
  createdAt: string | undefined;
  /** Why the manifest could not be read, when it could not. */
  problem?: string;
}

/**
 * Lists every version of every model in an OpenVINO Model Server layout repository (none when the
 * folder does not exist yet).
 * @throws ArgumentError naming `repository` when it is a file or cannot be read.
 */
export async function listModels(repository = 'models'): Promise<{ repository: string; models: ListedVersion[] }> {
  const root = resolve(repository);
  try {
    const info = await stat(root);
    if (!info.isDirectory()) {
      throw new ArgumentError(
        `${root} is a file, not a model repository folder; pass the folder that holds <name>/<version>/ (default ./models).`,
        { argument: 'repository' },
      );
    }
  } catch (error) {
    if (error instanceof ArgumentError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') {
      throw new ArgumentError(`Cannot read the model repository ${root} (${code}); check the path.`, {
        argument: 'repository',
        cause: error,
      });
    }
  }
  const models: ListedVersion[] = [];
  for (const name of await listModelNames(root)) {
    for (const version of await listModelVersions(root, name)) {
      const directory = versionDirectory(root, name, version);
      try {
        const manifest = await readManifest(directory);
        models.push({
          name,
          version,
          directory,
          size: manifest.files.reduce((sum, file) => sum + file.size, 0),
          task: manifest.task,
          source: manifest.source.handle,
          sourceFormat: manifest.source.format,
          createdAt: manifest.createdAt,
        });
      } catch (error) {
        let size: number | undefined;
        try {
          size = (await stat(join(directory, 'model.bin'))).size;
        } catch {
          size = undefined;
        }
        models.push({
          name,
          version,
          directory,
          size,
          task: undefined,
          source: undefined,
          sourceFormat: undefined,
          createdAt: undefined,
          problem: (error as Error).message,
        });
      }
    }
  }
  return { repository: root, models };
}
