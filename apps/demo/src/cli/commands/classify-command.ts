import { HubvinoError } from '@hubvino/runtime';
import type { DemoSettings } from '../../config/demo-settings.js';
import type { ClassificationTimings, Prediction } from '../../inference/classification-service.js';
import { openClassificationService } from '../../inference/open-classification-service.js';
import { formatTable } from '../format-table.js';
import type { LogFunction } from '../log.js';

/** Options of {@link classifyImages}. */
export interface ClassifyImagesOptions {
  /** Image files, as the user gave them. */
  images: readonly string[];
  /** How many classes per image (default 5). */
  topK?: number;
}

/** One image's outcome: its predictions, or the error that stopped it. */
export type ImageOutcome =
  | { image: string; predictions: Prediction[]; timings: ClassificationTimings }
  | { image: string; error: { code: string; message: string } };

/** What `demo classify` returns (and prints as one JSON document with `--json`). */
export interface ClassifyReport {
  model: { name: string; version: number; source: string };
  device: string;
  openvinoVersion: string;
  results: ImageOutcome[];
}

/**
 * `demo classify <images...>`: ensures the model, then classifies each image through
 * `@hubvino/runtime`. An image that cannot be read or decoded gets an `error` entry; the others
 * still run.
 */
export async function classifyImages(
  settings: DemoSettings,
  options: ClassifyImagesOptions,
  log: LogFunction,
): Promise<ClassifyReport> {
  const { model, service } = await openClassificationService(settings, log);
  try {
    const results: ImageOutcome[] = [];
    for (const image of options.images) {
      try {
        const result = await service.classify(image, { device: settings.device, topK: options.topK ?? 5 });
        results.push({ image, predictions: result.predictions, timings: result.timings });
      } catch (error) {
        // Only this image's own problems (missing, unreadable, not an image) are reported in its place.
        if (!HubvinoError.isInstance(error) || !error.code.startsWith('ERR_IMAGE_')) throw error;
        results.push({ image, error: { code: error.code, message: error.message } });
      }
    }
    const info = service.info();
    return {
      model: { name: model.name, version: model.version, source: model.source },
      device: settings.device,
      openvinoVersion: info.openvinoVersion,
      results,
    };
  } finally {
    await service.dispose();
  }
}

/** The report as text: a top-k table per image, errors in its place. */
export function formatClassifyReport(report: ClassifyReport): string {
  const sections = report.results.map((outcome) => {
    if ('error' in outcome) return `${outcome.image}\n  error: ${outcome.error.message}`;
    const rows = outcome.predictions.map((prediction, rank) => [
      String(rank + 1),
      prediction.label,
      `${(prediction.score * 100).toFixed(2)}%`,
      String(prediction.index),
    ]);
    const timings = `decode ${outcome.timings.decodeMs.toFixed(1)} ms, inference ${outcome.timings.inferenceMs.toFixed(1)} ms`;
    return `${outcome.image}  (${timings})\n${formatTable(['#', 'label', 'probability', 'index'], rows, [0, 2, 3])}`;
  });
  const heading = `${report.model.name} v${report.model.version} on ${report.device} (OpenVINO ${report.openvinoVersion})`;
  return [heading, ...sections].join('\n\n');
}
