import { rename, rm } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { TaskTimings } from '@hubvino/runtime';
import { ArgumentError } from '@hubvino/runtime';
import type { Command } from 'commander';
import sharp, { type Sharp } from 'sharp';
import { type DemoOptions, type DemoSettings, resolveDemoSettings } from '../../config/demo-settings.js';
import { createSegmentationService } from '../../inference/segmentation-service.js';
import { formatTable } from '../format-table.js';
import type { LogFunction } from '../log.js';
import type { CommandRunner } from './command-runner.js';

/** Options of {@link segmentImage}. */
export interface SegmentImageOptions {
  image: string;
  /** Write the class-index mask here: an 8-bit grey PNG at the image's size, pixel value = class index. */
  mask?: string;
  /** Write the colour overlay here (PNG). */
  overlay?: string;
}

/** What `demo segment` returns (and prints as one JSON document with `--json`). */
export interface SegmentReport {
  image: string;
  width: number;
  height: number;
  model: { name: string; version: number };
  device: string;
  /** The classes present, largest first: index, label, overlay colour, fraction of the pixels. */
  classes: { index: number; label: string; color: [number, number, number]; fraction: number }[];
  /** The model's labels, by class index. */
  labels: string[];
  /** Files written. */
  mask?: string;
  overlay?: string;
  /** Milliseconds: preprocess (decode), infer, postprocess (mask, overlay), total. */
  timings: TaskTimings;
}

function checkPng(path: string, option: string): string {
  if (extname(path).toLowerCase() !== '.png') {
    throw new ArgumentError(`'${option}' must name a .png file (got ${JSON.stringify(path)})`, { argument: option });
  }
  return resolve(path);
}

/** Writes `bytes` (from a sharp pipeline) to `path` atomically: a temporary file, then rename. */
async function writeAtomically(path: string, pipeline: Sharp, option: string): Promise<void> {
  const staging = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await pipeline.png().toFile(staging);
    await rename(staging, path);
  } catch (error) {
    await rm(staging, { force: true });
    throw new ArgumentError(`Cannot write ${path}: ${(error as Error).message}`, { argument: option, cause: error });
  }
}

/**
 * `demo segment <image>`: ensures the segmenter (converting DeepLab v3 from ../shared when missing),
 * segments the image through `@hubvino/runtime`'s ImageSegmenter and writes the class-index mask
 * (`--mask`) and the overlay (`--overlay`) when asked.
 */
export async function segmentImage(
  settings: DemoSettings,
  options: SegmentImageOptions,
  log: LogFunction,
): Promise<SegmentReport> {
  const mask = options.mask === undefined ? undefined : checkPng(options.mask, '--mask');
  const overlay = options.overlay === undefined ? undefined : checkPng(options.overlay, '--overlay');
  const service = createSegmentationService({ repository: settings.repository, device: settings.device, log });
  try {
    const result = await service.segment(resolve(options.image));
    if (mask) {
      const grey = sharp(result.mask, {
        raw: { width: result.width, height: result.height, channels: 1 },
      }).toColourspace('b-w');
      await writeAtomically(mask, grey, '--mask');
    }
    if (overlay) await writeAtomically(overlay, sharp(result.overlay), '--overlay');
    return {
      image: options.image,
      width: result.width,
      height: result.height,
      model: result.model,
      device: result.device,
      classes: result.classes,
      labels: result.labels,
      ...(mask ? { mask } : {}),
      ...(overlay ? { overlay } : {}),
      timings: result.timings,
    };
  } finally {
    await service.dispose();
  }
}

/** The report as a table of the classes present. */
export function formatSegmentReport(report: SegmentReport): string {
  const rows = report.classes.map((entry) => [
    String(entry.index),
    entry.label,
    `${(entry.fraction * 100).toFixed(1)}%`,
  ]);
  const written = [report.mask && `mask: ${report.mask}`, report.overlay && `overlay: ${report.overlay}`].filter(
    Boolean,
  );
  return [
    `${report.image} ${report.width}x${report.height} (${report.model.name} v${report.model.version}, ${report.device}, ${Math.round(report.timings.total)} ms)`,
    formatTable(['class', 'label', 'pixels'], rows, [0, 2]),
    ...written,
  ].join('\n');
}

/** Adds `segment <image>` to the demo's program. */
export function addSegmentCommand(program: Command, run: CommandRunner): void {
  program
    .command('segment')
    .description('segment an image (DeepLab v3, 21 PASCAL VOC classes) and print the classes present')
    .argument('<image>', 'image file (JPEG, PNG, WebP, GIF, TIFF, AVIF)')
    .option('--mask <file.png>', 'write the class-index mask: 8-bit grey PNG at the image size, pixel = class index')
    .option('--overlay <file.png>', 'write the image with the class colours over it')
    .option('--json', 'print one JSON document: { image, width, height, model, device, classes, labels, mask? }')
    .action(async (image: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<DemoOptions & { json?: boolean; mask?: string; overlay?: string }>();
      await run(options.json === true, async (log) => {
        const report = await segmentImage(
          resolveDemoSettings(options),
          {
            image,
            ...(options.mask === undefined ? {} : { mask: options.mask }),
            ...(options.overlay === undefined ? {} : { overlay: options.overlay }),
          },
          log,
        );
        return { json: report, text: formatSegmentReport(report) };
      });
    });
}
