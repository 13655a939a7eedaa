import { join } from 'node:path';
import { concreteOvcArguments, runOvc } from '../conversion/run-ovc.js';
import { type PnpmConvertRun, runPnpmConvert } from '../conversion/run-pnpm-convert.js';
import { imageNetLabels, workspaceRoot } from '../models/model-sources.js';
import { modelSource } from '../models/prepare-models.js';
import { runCommand } from '../process/run-command.js';
import { compare, targets } from '../statistics/comparison.js';
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
  // Two environments, both sides alike: the default one (OpenVINO's telemetry on, as installed: ovc
  // sends an event per step, each waiting up to 3 s where the network drops it, here and inside
  // pnpm convert alike), and telemetry off for both (`CI=true`, which openvino_telemetry honours).
  const environments = [
    { id: 'default', environment: undefined },
    { id: 'telemetry-off', environment: { ...process.env, CI: 'true' } },
  ] as const;
  const ovcTimes: Record<string, number[]> = { default: [], 'telemetry-off': [] };
  const convertRuns: Record<string, PnpmConvertRun[]> = { default: [], 'telemetry-off': [] };
  for (let index = 0; index < repetitions; index += 1) {
    for (const { id, environment } of environments) {
      context.log(`conversion: ${model.id}: run ${index + 1}/${repetitions} (${id}): bare ovc, then pnpm convert`);
      const output = join(context.workDirectory, 'conversion', `ovc-${id}-${index}`);
      const ovc = await attempt(context, 'conversion', `bare ovc (${id})`, () =>
        runOvc(concreteOvcArguments(model.ovcArguments, path, output), environment),
      );
      if (ovc) ovcTimes[id]?.push(ovc.wallMs);
      const converted = await attempt(context, 'conversion', `pnpm convert (${id})`, () =>
        runPnpmConvert({
          workspaceRoot,
          source: path,
          name: 'conversion',
          repository: join(context.workDirectory, 'conversion', `repository-${id}-${index}`),
          fp16: compressToFp16,
          labels: imageNetLabels,
          ...(environment ? { environment } : {}),
        }),
      );
      if (converted) convertRuns[id]?.push(converted);
    }
  }
  const medianSeconds = (values: number[] | undefined) =>
    values && values.length > 0 ? median(values) / 1000 : undefined;
  context.rows.push(
    {
      section: 'conversion',
      subject: model.label,
      metric: 'conversion wall time (pnpm convert: + validation, manifest, publish), median',
      unit: 's',
      reference: 'bare ovc, same arguments',
      comparison: compare(
        medianSeconds(convertRuns.default?.map((run) => run.wallMs)),
        medianSeconds(ovcTimes.default),
        'lower',
        targets.conversion,
      ),
    },
    {
      section: 'conversion',
      subject: model.label,
      metric: "conversion wall time as above, OpenVINO's telemetry off on both sides (CI=true), median",
      unit: 's',
      reference: 'bare ovc, same arguments, CI=true',
      comparison: compare(
        medianSeconds(convertRuns['telemetry-off']?.map((run) => run.wallMs)),
        medianSeconds(ovcTimes['telemetry-off']),
        'lower',
      ),
    },
  );
  const timings = convertRuns.default?.at(-1)?.timings;
  if (timings) {
    const phases = Object.entries(timings)
      .map(([phase, milliseconds]) => `${phase.replace(/Ms$/, '')} ${(milliseconds / 1000).toFixed(2)} s`)
      .join(', ');
    context.notes.push(
      `conversion: the converter's own phases in the last pnpm convert run (default environment; the references run while ovc converts, validate is what follows ovc): ${phases}.`,
    );
  }
  context.details.conversion = {
    model: model.id,
    ovcArguments: model.ovcArguments,
    ovcMs: ovcTimes,
    pnpmConvert: convertRuns,
  };
}
