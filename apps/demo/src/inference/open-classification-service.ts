import type { LogFunction } from '../cli/log.js';
import type { DemoSettings } from '../config/demo-settings.js';
import { type EnsuredModel, ensureModel } from '../model/ensure-model.js';
import type { ClassificationService } from './classification-service.js';
import { createRemoteClassificationService } from './remote-classification-service.js';
import { createRuntimeClassificationService } from './runtime-classification-service.js';

/**
 * What every demo command starts with: make sure the classification model exists in the demo's
 * repository (converting it when missing), then load it through `@hubvino/runtime` on the default
 * device, or connect to `settings.endpoint` when the model is served remotely (the repository
 * still gives the manifest and labels).
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
  if (settings.endpoint !== undefined) {
    const service = await createRemoteClassificationService({
      endpoint: settings.endpoint,
      repository: settings.repository,
      name: model.name,
      version: model.version,
      log,
    });
    return { model, service };
  }
  const service = await createRuntimeClassificationService({
    repository: settings.repository,
    name: model.name,
    version: model.version,
    defaultDevice: settings.device,
    log,
  });
  return { model, service };
}
