import { resolve } from 'node:path';
import type { Detection, TaskTimings } from '@hubvino/runtime';
import { ArgumentError } from '@hubvino/runtime';
import type { Command } from 'commander';
import { type DemoOptions, type DemoSettings, resolveDemoSettings } from '../../config/demo-settings.js';
import { createDetectionService } from '../../inference/detection-service.js';
import { formatTable } from '../format-table.js';
import type { LogFunction } from '../log.js';
import type { CommandRunner } from './command-runner.js';

/** Options of {@link detectObjects}. */
export interface DetectObjectsOptions {
  image: string;
  /** Keep detections scoring at least this (default: the runtime's, 0.4). */
  scoreThreshold?: number;
  /** At most this many detections (default: all). */
  maxResults?: number;
}

/** What `demo detect` returns (and prints as one JSON document with `--json`). */
export interface DetectReport {
  image: string;
  model: { name: string; version: number };
  device: string;
  /** Best first; boxes in the image's pixels. */
  detections: { label: string; score: number; box: Detection['box'] }[];
  /** Milliseconds: preprocess (decode), infer, postprocess, total. */
  timings: TaskTimings;
}

/**
 * `demo detect <image>`: ensures the detector (converting COCO SSD from ../shared when missing),
 * then detects objects through `@hubvino/runtime`'s ObjectDetector.
 */
export async function detectObjects(
  settings: DemoSettings,
  options: DetectObjectsOptions,
  log: LogFunction,
): Promise<DetectReport> {
  const service = createDetectionService({ repository: settings.repository, device: settings.device, log });
  try {
    const result = await service.detect(resolve(options.image), {
      ...(options.scoreThreshold === undefined ? {} : { scoreThreshold: options.scoreThreshold }),
      ...(options.maxResults === undefined ? {} : { maxResults: options.maxResults }),
    });
    return {
      image: options.image,
      model: result.model,
      device: result.device,
      detections: result.detections.map(({ label, score, box }) => ({ label, score, box })),
      timings: result.timings,
    };
  } finally {
    await service.dispose();
  }
}

/** The report as a table: label, score, box (x, y, width, height in pixels). */
export function formatDetectReport(report: DetectReport): string {
  if (report.detections.length === 0) return `${report.image}: no objects found`;
  const rows = report.detections.map(({ label, score, box }) => [
    label,
    score.toFixed(3),
    String(box.x),
    String(box.y),
    String(box.width),
    String(box.height),
  ]);
  return `${report.image} (${report.model.name} v${report.model.version}, ${report.device}, ${Math.round(report.timings.total)} ms)\n${formatTable(['label', 'score', 'x', 'y', 'width', 'height'], rows, [1, 2, 3, 4, 5])}`;
}

/** Parses a `--score-threshold` value (0..1). */
export function parseScoreThreshold(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const threshold = Number(value);
  if (value.trim() === '' || !Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
    throw new ArgumentError(`'--score-threshold' must be a number from 0 to 1 (got ${JSON.stringify(value)})`, {
      argument: '--score-threshold',
    });
  }
  return threshold;
}

/** Parses a `--max-results` value (a positive integer). */
export function parseMaxResults(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const count = Number(value);
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new ArgumentError(`'--max-results' must be a positive integer (got ${JSON.stringify(value)})`, {
      argument: '--max-results',
    });
  }
  return count;
}

/** Adds `detect <image>` to the demo's program. */
export function addDetectCommand(program: Command, run: CommandRunner): void {
  program
    .command('detect')
    .description('detect objects (COCO SSD) in an image and print labels, scores and boxes in pixels')
    .argument('<image>', 'image file (JPEG, PNG, WebP, GIF, TIFF, AVIF)')
    .option('--score-threshold <s>', 'keep detections scoring at least this, 0..1 (default 0.4)')
    .option('--max-results <n>', 'at most this many detections')
    .option('--json', 'print one JSON document: { image, model, device, detections: [{ label, score, box }] }')
    .action(async (image: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<
        DemoOptions & { json?: boolean; scoreThreshold?: string; maxResults?: string }
      >();
      await run(options.json === true, async (log) => {
        const report = await detectObjects(
          resolveDemoSettings(options),
          {
            image,
            ...definedEntry('scoreThreshold', parseScoreThreshold(options.scoreThreshold)),
            ...definedEntry('maxResults', parseMaxResults(options.maxResults)),
          },
          log,
        );
        return { json: report, text: formatDetectReport(report) };
      });
    });
}

function definedEntry<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
