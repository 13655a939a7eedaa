import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateOpenVino } from '@hubvino/runtime/toolchain';
import { readMachineFacts } from './machine/machine-facts.js';
import { prepareModel } from './models/prepare-models.js';
import type { BenchReport, BenchSection } from './report/bench-report.js';
import { attempt, type BenchContext, type BenchOptions } from './sections/bench-context.js';
import { runConversionSection } from './sections/conversion-section.js';
import { runEndToEndSection } from './sections/end-to-end-section.js';
import { runInferenceSection } from './sections/inference-section.js';
import { runPrecisionSection } from './sections/precision-section.js';
import { runQuantizationSection } from './sections/quantization-section.js';
import { runRemoteSection } from './sections/remote-section.js';
import { runStartupSection } from './sections/startup-section.js';

/** `--quick`: one small model, short measurements; under a minute on 2 cores. */
export const quickOptions: BenchOptions = {
  mode: 'quick',
  device: 'CPU',
  durationSeconds: 1,
  rounds: 1,
  images: 20,
  endToEndRepetitions: 1,
  startupRepetitions: 1,
  conversionRepetitions: 1,
  remoteClients: 8,
  remoteDurationSeconds: 2,
  // The precision section converts and times two more models; the full run (and --only precision) has it.
  sections: ['inference', 'end-to-end', 'startup', 'conversion'],
  models: ['tflite-uint8'],
};

/** The full run: all three models, 6 alternating rounds of 2 s per side (this VM switches
 * between a fast and a slow state every few seconds, for every tool alike; more, shorter rounds
 * sample both states evenly); about 6-9 minutes on 2 cores. */
export const fullOptions: BenchOptions = {
  mode: 'full',
  device: 'CPU',
  durationSeconds: 2,
  rounds: 6,
  images: 100,
  endToEndRepetitions: 3,
  startupRepetitions: 5,
  conversionRepetitions: 2,
  remoteClients: 64,
  remoteDurationSeconds: 20,
  sections: ['inference', 'end-to-end', 'startup', 'conversion', 'precision', 'quantization', 'remote'],
  models: ['saved-model-fp32', 'saved-model-fp16', 'tflite-uint8'],
};

/** The sections that measure the prepared IRs (precision and quantization convert their own). */
const sectionsUsingModels: readonly BenchSection[] = ['inference', 'end-to-end', 'startup', 'conversion', 'remote'];

/**
 * Runs the bench: prepares the IRs (when a selected section uses them), then each selected section in order. A measurement that fails
 * is recorded in `failures` and the run goes on. Progress goes to `log` (stderr in the CLI).
 */
export async function runBench(options: BenchOptions, log: (message: string) => void): Promise<BenchReport> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const openvino = locateOpenVino();
  const machine = readMachineFacts(openvino.version);
  const workDirectory = await mkdtemp(join(tmpdir(), 'hubvino-bench-'));
  const context: BenchContext = {
    options,
    workDirectory,
    log,
    models: [],
    rows: [],
    failures: [],
    notes: [],
    details: {},
    tensorflowRuntimes: [],
  };
  try {
    const usesModels = options.sections.some((section) => sectionsUsingModels.includes(section));
    for (const kind of usesModels ? options.models : []) {
      log(`preparing ${kind}`);
      const prepared = await attempt(context, 'inference', `${kind} preparation`, () =>
        prepareModel(kind, workDirectory),
      );
      if (prepared) context.models.push(prepared);
    }
    if (options.sections.includes('inference')) {
      for (const model of context.models) await runInferenceSection(context, model);
    }
    if (options.sections.includes('end-to-end') && context.models[0]) {
      await attempt(context, 'end-to-end', 'classification', () => runEndToEndSection(context));
    }
    if (options.sections.includes('startup')) {
      for (const model of context.models) await runStartupSection(context, model);
    }
    if (options.sections.includes('conversion')) {
      await attempt(context, 'conversion', 'conversion', () => runConversionSection(context));
    }
    if (options.sections.includes('precision')) {
      await attempt(context, 'precision', 'precision paths', () => runPrecisionSection(context));
    }
    if (options.sections.includes('quantization')) {
      await attempt(context, 'quantization', 'INT8 quantization', () => runQuantizationSection(context));
    }
    const remoteModel = context.models.find((model) => model.id.includes('uint8')) ?? context.models[0];
    if (options.sections.includes('remote') && remoteModel) {
      await attempt(context, 'remote', 'remote load', () => runRemoteSection(context, remoteModel));
    }
  } finally {
    await rm(workDirectory, { recursive: true, force: true });
  }
  return {
    schema: 1,
    startedAt,
    mode: options.mode,
    settings: reportSettings(options),
    machine,
    tensorflowRuntimes: context.tensorflowRuntimes,
    rows: context.rows,
    failures: context.failures,
    notes: context.notes,
    details: context.details,
    elapsedSeconds: (performance.now() - started) / 1000,
  };
}

/** The options a report records: all but the mode (recorded beside them) and the model list. */
function reportSettings(options: BenchOptions): BenchReport['settings'] {
  const { mode: _mode, models: _models, ...settings } = options;
  return settings;
}
