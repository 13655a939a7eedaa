import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureModel } from '../model/ensure-model.js';
import { DETECTION_MODEL, ensureVisionModel, SEGMENTATION_MODEL } from '../model/ensure-vision-models.js';
import { sharedFiles } from './shared-files.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A model repository holding `mobilenet_v2` converted from ../shared's TF Lite MobileNetV2. */
    modelRepository: string;
    /** A model repository holding the demo's detector and segmenter, converted from ../shared. */
    visionRepository: string;
  }
}

let repository: string | undefined;
let visionRepository: string | undefined;

/**
 * Converts ../shared's TF Lite MobileNetV2 into a fresh temporary repository, through the same
 * `ensureModel` (and so `@hubvino/converter`) the demo uses, once per test run.
 */
export async function setup(project: TestProject): Promise<void> {
  repository = await mkdtemp(join(tmpdir(), 'hubvino-demo-models-'));
  await ensureModel({
    repository,
    name: 'mobilenet_v2',
    source: sharedFiles.model,
    labels: sharedFiles.labels,
    log: (line) => process.stderr.write(`test setup: ${line}\n`),
  });
  project.provide('modelRepository', repository);
  visionRepository = await mkdtemp(join(tmpdir(), 'hubvino-demo-vision-'));
  const log = (line: string) => process.stderr.write(`test setup: ${line}\n`);
  await ensureVisionModel(visionRepository, DETECTION_MODEL, log);
  await ensureVisionModel(visionRepository, SEGMENTATION_MODEL, log);
  project.provide('visionRepository', visionRepository);
}

/** Removes the temporary repository. */
export async function teardown(): Promise<void> {
  if (repository) await rm(repository, { recursive: true, force: true });
  if (visionRepository) await rm(visionRepository, { recursive: true, force: true });
}
