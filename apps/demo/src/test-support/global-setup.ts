import type { TestProject } from 'vitest/node';
import { ensureModel } from '../model/ensure-model.js';
import { fixtureRepository, sharedFiles } from './shared-files.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A model repository holding `mobilenet_v2` converted from ../shared's TF Lite MobileNetV2. */
    modelRepository: string;
  }
}

/**
 * Converts ../shared's TF Lite MobileNetV2 once into the ignored `.fixtures/models` repository
 * (reused by later runs) through the same `ensureModel` the demo uses.
 */
export async function setup(project: TestProject): Promise<void> {
  await ensureModel({
    repository: fixtureRepository,
    name: 'mobilenet_v2',
    source: sharedFiles.model,
    labels: sharedFiles.labels,
    log: (line) => process.stderr.write(`test setup: ${line}\n`),
  });
  project.provide('modelRepository', fixtureRepository);
}
