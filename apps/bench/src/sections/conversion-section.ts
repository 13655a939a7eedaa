import { join } from 'node:path';
import { concreteOvcArguments, runOvc } from '../conversion/run-ovc.js';
import { type PnpmConvertRun, runPnpmConvert } from '../conversion/run-pnpm-convert.js';
import { imageNetLabels, workspaceRoot } from '../models/model-sources.js';
import { modelSource } from '../models/prepare-models.js';
import { runCommand } from '../process/run-command.js';
import { compare } from '../statistics/comparison.js';
import { median } from '../statistics/summarize.js';
import { attempt, type BenchContext } from './bench-context.js';

/**
 * Conversion: `pnpm convert` wall time (pnpm + turbo build check + resolve + ovc + validation +
 * publish) against bare `ovc` with exactly the arguments the converter gave ovc, alternating,
 * median over repetitions. Full runs convert the SavedModel fixture with FP16 weights (the default
 * of both); quick runs the TF Lite model.
 */
export async function runConversionSection(context: BenchContext): Promise<void> {
  const model =
    context.models.find((candidate) => candidate.id === 'saved-model-fp16') ??
    context.models.find((candidate) => candidate.id === 'tflite-uint8') ??
    context.models[0];
  if (!model) return;
  const { path, compressToFp16 } = await modelSource(model.id as Parameters<typeof modelSource>[0]);
  const repetitions = context.options.conversionRepetitions;
  // Warm-up, untimed: lets `pnpm convert` bring its turbo build cache up to date first.
  await attempt(context, 'conversion', 'pnpm convert warm-up', async () => {
    const result = await runCommand('pnpm', ['convert', '--help'], { cwd: workspaceRoot });
    if (result.exitCode !== 0)
      throw new Error(`pnpm convert --help exited with ${result.exitCode}: ${result.stderr.trim()}`);
  });
  const ovcTimes: number[] = [];
  const convertRuns: PnpmConvertRun[] = [];
  for (let index = 0; index < repetitions; index += 1) {
    context.log(`conversion: ${model.id}: run ${index + 1}/${repetitions}: bare ovc, then pnpm convert`);
    const output = join(context.workDirectory, 'conversion', `ovc-${index}`);
    const ovc = await attempt(context, 'conversion', 'bare ovc', () =>
      runOvc(concreteOvcArguments(model.ovcArguments, path, output)),
    );
    if (ovc) ovcTimes.push(ovc.wallMs);
    const converted = await attempt(context, 'conversion', 'pnpm convert', () =>
      runPnpmConvert({
        workspaceRoot,
        source: path,
        name: 'conversion',
        repository: join(context.workDirectory, 'conversion', `repository-${index}`),
        fp16: compressToFp16,
        labels: imageNetLabels,
      }),
    );
    if (converted) convertRuns.push(converted);
  }
  context.rows.push({
    section: 'conversion',
    subject: model.label,
    metric: 'conversion wall time (pnpm convert: + validation, manifest, publish), median',
    unit: 's',
    reference: 'bare ovc, same arguments',
    comparison: compare(
      convertRuns.length > 0 ? median(convertRuns.map((run) => run.wallMs)) / 1000 : undefined,
      ovcTimes.length > 0 ? median(ovcTimes) / 1000 : undefined,
      'lower',
    ),
  });
  const timings = convertRuns.at(-1)?.timings;
  if (timings) {
    const phases = Object.entries(timings)
      .map(([phase, milliseconds]) => `${phase.replace(/Ms$/, '')} ${(milliseconds / 1000).toFixed(2)} s`)
      .join(', ');
    context.notes.push(`conversion: the converter's own phases in the last pnpm convert run: ${phases}.`);
  }
  context.details.conversion = {
    model: model.id,
    ovcArguments: model.ovcArguments,
    ovcMs: ovcTimes,
    pnpmConvert: convertRuns,
  };
}
