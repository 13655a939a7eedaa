import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { ArgumentError, StyleTransfer, type StylizeTimings } from '@hubvino/runtime';
import type { DemoSettings } from '../../config/demo-settings.js';
import { ensureStyleModels, styleLoadTarget } from '../../model/ensure-style-models.js';
import type { LogFunction } from '../log.js';

/** What `demo stylize` was asked to do. */
export interface StylizeRequest {
  content: string;
  style: string;
  /** The file to write; its extension (.png, .jpg, .jpeg) picks the format. */
  output: string;
  /** 0 to 1 (default 1). */
  strength?: number;
}

/** What `demo stylize` did (printed with --json). */
export interface StylizeReport {
  output: string;
  format: 'png' | 'jpeg';
  width: number;
  height: number;
  strength: number;
  /** The artifacts used: `prediction` and `transfer` (two-part form), or `model` (one-piece form). */
  models: { form: 'two-part' | 'one-piece'; prediction?: string; transfer?: string; model?: string };
  device: string;
  timings: StylizeTimings;
}

/** The format an output file name asks for. */
export function outputFormat(path: string): 'png' | 'jpeg' {
  const extension = extname(path).toLowerCase();
  if (extension === '.png') return 'png';
  if (extension === '.jpg' || extension === '.jpeg') return 'jpeg';
  throw new ArgumentError(`'--output' must end in .png, .jpg or .jpeg (got ${JSON.stringify(path)})`, {
    argument: '--output',
  });
}

/** Parses `--strength`. */
export function parseStrength(value: string | undefined): number {
  if (value === undefined) return 1;
  const strength = Number(value);
  if (value.trim() === '' || !Number.isFinite(strength) || strength < 0 || strength > 1) {
    throw new ArgumentError(`'--strength' must be a number from 0 to 1 (got ${JSON.stringify(value)})`, {
      argument: '--strength',
    });
  }
  return strength;
}

/**
 * `demo stylize <content> <style> -o out.png`: ensures the style-transfer models (converting them
 * from ../shared when missing), stylizes once and writes the result atomically (temporary file,
 * then rename).
 */
export async function stylizeImage(
  settings: DemoSettings,
  request: StylizeRequest,
  log: LogFunction,
): Promise<StylizeReport> {
  const format = outputFormat(request.output);
  const strength = request.strength ?? 1;
  const models = await ensureStyleModels({ repository: settings.repository, log, styleModel: settings.styleModel });
  const target = styleLoadTarget(models);
  using stylizer = await StyleTransfer.load(settings.repository, target.name, {
    version: target.version,
    device: settings.device,
  });
  if (!stylizer.supportsStrength && strength !== 1) {
    throw new ArgumentError(
      `'--strength' must be 1 with ${target.name}: the one-piece Magenta model (TF Hub's SavedModel) has no style bottleneck to blend (got ${strength}). Use the two-part TF Lite models (the default) for a lower strength.`,
      { argument: '--strength' },
    );
  }
  const result = await stylizer.stylize(resolve(request.content), resolve(request.style), { strength, format });
  const output = resolve(request.output);
  const staging = join(dirname(output), `.${basename(output)}.${process.pid}.tmp`);
  try {
    await writeFile(staging, result.image);
    await rename(staging, output);
  } catch (error) {
    await rm(staging, { force: true });
    throw new ArgumentError(`Cannot write ${output}: ${(error as Error).message}`, {
      argument: '--output',
      cause: error,
    });
  }
  return {
    output,
    format,
    width: result.width,
    height: result.height,
    strength,
    models:
      models.form === 'one-piece'
        ? { form: 'one-piece', model: `${models.model.name}/${models.model.version}` }
        : {
            form: 'two-part',
            prediction: `${models.prediction.name}/${models.prediction.version}`,
            transfer: `${models.transfer.name}/${models.transfer.version}`,
          },
    device: settings.device,
    timings: result.timings,
  };
}
