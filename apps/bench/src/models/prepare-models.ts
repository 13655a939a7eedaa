import { join } from 'node:path';
import { convert } from '@hubvino/converter';
import { imageNetLabels, type ModelKind, modelLabels, tfliteQuantModel } from './model-sources.js';
import type { PreparedModel } from './prepared-model.js';
import { describeInput } from './read-input-port.js';
import { ensureSavedModelFixture } from './saved-model-fixture.js';

/** Where a model kind's source is and whether its weights are FP16-compressed. */
export async function modelSource(
  kind: ModelKind,
): Promise<{ source: PreparedModel['source']; path: string; compressToFp16: boolean }> {
  if (kind === 'tflite-uint8') {
    return { source: { tflite: tfliteQuantModel }, path: tfliteQuantModel, compressToFp16: false };
  }
  const fixture = await ensureSavedModelFixture();
  return {
    source: { savedModel: fixture.savedModelDirectory },
    path: fixture.savedModelDirectory,
    compressToFp16: kind === 'saved-model-fp16',
  };
}

/** The model repository the bench's conversions publish into (inside the run's temporary folder). */
export function benchRepository(workDirectory: string): string {
  return join(workDirectory, 'repository');
}

/**
 * Converts one model kind with `@hubvino/converter` (`convert()`: ovc, validation, publish) into
 * the run's repository as `<kind>/1/`, and describes its input.
 */
export async function prepareModel(kind: ModelKind, workDirectory: string): Promise<PreparedModel> {
  const { source, path, compressToFp16 } = await modelSource(kind);
  const repository = benchRepository(workDirectory);
  const result = await convert({
    source: path,
    name: kind,
    repository,
    fp16: compressToFp16,
    labels: imageNetLabels,
    task: 'image-classification',
  });
  const xml = join(result.directory, 'model.xml');
  const input = await describeInput(xml);
  return {
    id: kind,
    label: modelLabels[kind],
    xml,
    source,
    ...input,
    artifact: { repository, name: result.name, version: result.version },
    ovcArguments: result.manifest.conversion.arguments,
    madeBy: `@hubvino/converter convert() (${result.manifest.conversion.tool})`,
  };
}
