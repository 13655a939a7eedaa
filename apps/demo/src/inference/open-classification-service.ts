import type { LogFunction } from '../cli/log.js';
import type { DemoSettings } from '../config/demo-settings.js';
import { type EnsuredModel, ensureModel } from '../model/ensure-model.js';
import type { ClassificationService } from './classification-service.js';
import { createRuntimeClassificationService } from './runtime-classification-service.js';

/**
 * What every demo command starts with: make sure the classification model exists in the demo's
 * repository (converting it when missing), then load it through `@hubvino/runtime` on the default
 * device.
 */
export async function openClassificationService(
  settings: DemoSettings,
  log: LogFunction,
): Promise<{ model: EnsuredModel; service: ClassificationService }> {
  const model = await ensureModel({
    repository: settings.repository,
    name: settings.name,
    ...(settings.source === undefined ? {} : { source: settings.source }),
    ...(settings.labels === undefined ? {} : { labels: settings.labels }),
    log,
  });
  const service = await createRuntimeClassificationService({
    repository: settings.repository,
    name: model.name,
    version: model.version,
    defaultDevice: settings.device,
    log,
  });
  return { model, service };
}
