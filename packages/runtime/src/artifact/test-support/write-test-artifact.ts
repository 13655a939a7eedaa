import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FILE_NAME, type ManifestInput } from '../manifest.js';
import { sha256File } from '../repository.js';

/** What a test wants in its hand-built artifact; everything else gets plausible defaults. */
export interface TestArtifactOptions {
  /** Writes model.xml/model.bin (and any other file) into the version folder. */
  writeFiles: (directory: string) => Promise<void>;
  /** Files to list in the manifest with their real size and sha256 (default model.xml, model.bin). */
  files?: string[];
  /** Manifest fields to set or override. */
  manifest?: Partial<ManifestInput>;
}

/**
 * Builds `<repository>/<name>/<version>/` by hand as the converter would publish it: the files, then
 * `hubvino.json` with their correct sizes and hashes. Returns the version folder.
 */
export async function writeTestArtifact(
  repository: string,
  name: string,
  version: number,
  options: TestArtifactOptions,
): Promise<string> {
  const directory = join(repository, name, String(version));
  await mkdir(directory, { recursive: true });
  await options.writeFiles(directory);
  const files = [];
  for (const path of options.files ?? ['model.xml', 'model.bin']) {
    const file = join(directory, path);
    files.push({ path, size: (await stat(file)).size, sha256: await sha256File(file) });
  }
  const manifest: ManifestInput = {
    schema: 1,
    name,
    version,
    task: 'generic',
    source: { handle: 'hand-written test IR', format: 'openvino-ir', sha256: '0'.repeat(64) },
    conversion: { tool: 'test', openvinoVersion: 'n/a', arguments: [], compressToFp16: false, durationMs: 0 },
    files,
    inputs: [],
    outputs: [],
    createdAt: new Date(0).toISOString(),
    ...options.manifest,
  };
  await writeFile(join(directory, MANIFEST_FILE_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
  return directory;
}
