import { join } from 'node:path';
import { runOvc } from '../conversion/run-ovc.js';
import { type ModelKind, modelLabels, tfliteQuantModel } from './model-sources.js';
import type { PreparedModel } from './prepared-model.js';
import { describeInput } from './read-input-port.js';
import { ensureSavedModelFixture } from './saved-model-fixture.js';

/** Where a model kind's source is and whether its weights are FP16-compressed. */
export async function modelSource(
  kind: ModelKind,
): Promise<{ source: PreparedModel['source']; path: string; compressToFp16: boolean }> {
  if (kind === 'tflite-uint8')
    return { source: { tflite: tfliteQuantModel }, path: tfliteQuantModel, compressToFp16: false };
  const fixture = await ensureSavedModelFixture();
  return {
    source: { savedModel: fixture.savedModelDirectory },
    path: fixture.savedModelDirectory,
    compressToFp16: kind === 'saved-model-fp16',
  };
}

/**
 * Converts one model kind into `workDirectory/<kind>/model.xml` and describes its input.
 */
export async function prepareModel(kind: ModelKind, workDirectory: string): Promise<PreparedModel> {
  const { source, path, compressToFp16 } = await modelSource(kind);
  const xml = join(workDirectory, 'ir', kind, 'model.xml');
  await runOvc(path, xml, compressToFp16);
  const input = await describeInput(xml);
  return { id: kind, label: modelLabels[kind], xml, source, ...input, madeBy: 'ovc' };
}
