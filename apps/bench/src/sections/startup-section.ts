import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchmarkAppReport } from '../benchmark-app/benchmark-app-report.js';
import { runBenchmarkApp } from '../benchmark-app/run-benchmark-app.js';
import { runStartupProbe, type StartupSample } from '../hubvino/measure-startup.js';
import { benchmarkAppShape, type PreparedModel } from '../models/prepared-model.js';
import { compare, targets } from '../statistics/comparison.js';
import { median } from '../statistics/summarize.js';
import { attempt, type BenchContext, detailsOf } from './bench-context.js';

function readPlusCompile(sample: { readMs?: number | undefined; compileMs?: number | undefined }): number {
  return (sample.readMs ?? Number.NaN) + (sample.compileMs ?? Number.NaN);
}

/**
 * Start-up: read + compile time (LATENCY hint) in a fresh process each time, cold (no CACHE_DIR) and
 * with a warm CACHE_DIR (filled by one untimed run first), hubvino vs benchmark_app `-niter 0`,
 * the four series interleaved. Both sides time the same span: `read_model` plus `compile_model`
 * (benchmark_app reports its reshape apart; so does the probe).
 */
export async function runStartupSection(context: BenchContext, model: PreparedModel): Promise<void> {
  const { startupRepetitions: repetitions, device } = context.options;
  const shape = benchmarkAppShape(model);
  const cacheRoot = await mkdtemp(join(context.workDirectory, `cache-${model.id}-`));
  try {
    const hubvinoCache = join(cacheRoot, 'hubvino');
    const benchmarkCache = join(cacheRoot, 'benchmark-app');
    context.log(`start-up: ${model.id}: cold and warm cache, ${repetitions} runs each side, interleaved`);
    const benchmarkApp = async (cacheDirectory: string | undefined) =>
      (
        await runBenchmarkApp({
          model: model.xml,
          hint: 'latency',
          compileOnly: true,
          device,
          shape,
          ...(cacheDirectory ? { cacheDirectory } : {}),
        })
      ).report;
    // Fill both caches first (untimed), then run the four series in turn within each repetition, so a
    // change in the machine's load in the middle of the section reaches every series alike.
    const filled = await attempt(context, 'startup', `${model.id} filling the caches`, async () => {
      await runStartupProbe(model, hubvinoCache);
      await benchmarkApp(benchmarkCache);
      return true;
    });
    const hubvinoCold: StartupSample[] = [];
    const benchmarkCold: BenchmarkAppReport[] = [];
    const hubvinoWarm: StartupSample[] = [];
    const benchmarkWarm: BenchmarkAppReport[] = [];
    for (let index = 0; index < repetitions; index += 1) {
      const coldHub = await attempt(context, 'startup', `${model.id} hubvino cold`, () =>
        runStartupProbe(model, undefined),
      );
      if (coldHub) hubvinoCold.push(coldHub);
      const coldApp = await attempt(context, 'startup', `${model.id} benchmark_app cold`, () =>
        benchmarkApp(undefined),
      );
      if (coldApp) benchmarkCold.push(coldApp);
      if (!filled) continue;
      const warmHub = await attempt(context, 'startup', `${model.id} hubvino warm cache`, () =>
        runStartupProbe(model, hubvinoCache),
      );
      if (warmHub) hubvinoWarm.push(warmHub);
      const warmApp = await attempt(context, 'startup', `${model.id} benchmark_app warm cache`, () =>
        benchmarkApp(benchmarkCache),
      );
      if (warmApp) benchmarkWarm.push(warmApp);
    }
    const medianOf = (samples: { readMs?: number | undefined; compileMs?: number | undefined }[] | undefined) =>
      samples && samples.length > 0 ? median(samples.map(readPlusCompile)) : undefined;
    const benchmarkSamples = (
      reports: { readModelMs: number | undefined; compileModelMs: number | undefined }[] | undefined,
    ) => reports?.map((report) => ({ readMs: report.readModelMs, compileMs: report.compileModelMs }));
    context.rows.push(
      {
        section: 'startup',
        subject: model.label,
        metric: 'read + compile, cold (no cache), median',
        unit: 'ms',
        reference: 'benchmark_app -niter 0',
        comparison: compare(medianOf(hubvinoCold), medianOf(benchmarkSamples(benchmarkCold)), 'lower', targets.startup),
      },
      {
        section: 'startup',
        subject: model.label,
        metric: 'read + compile, warm CACHE_DIR, median',
        unit: 'ms',
        reference: 'benchmark_app -niter 0 -cdir',
        comparison: compare(medianOf(hubvinoWarm), medianOf(benchmarkSamples(benchmarkWarm)), 'lower', targets.startup),
      },
    );
    const startup = detailsOf(context, 'startup');
    startup[model.id] = {
      hubvinoCold,
      hubvinoWarm,
      benchmarkAppCold: benchmarkSamples(benchmarkCold),
      benchmarkAppWarm: benchmarkSamples(benchmarkWarm),
    };
  } finally {
    await rm(cacheRoot, { recursive: true, force: true });
  }
}
