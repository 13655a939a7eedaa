import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runBenchmarkApp } from '../benchmark-app/run-benchmark-app.js';
import { runStartupProbe, type StartupSample } from '../hubvino/measure-startup.js';
import { benchmarkAppShape, type PreparedModel } from '../models/prepared-model.js';
import { compare } from '../statistics/comparison.js';
import { median } from '../statistics/summarize.js';
import { attempt, type BenchContext, detailsOf } from './bench-context.js';

async function repeat<T>(count: number, step: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let index = 0; index < count; index += 1) results.push(await step());
  return results;
}

function readPlusCompile(sample: { readMs?: number | undefined; compileMs?: number | undefined }): number {
  return (sample.readMs ?? Number.NaN) + (sample.compileMs ?? Number.NaN);
}

/**
 * Start-up: read + compile time (LATENCY hint) in a fresh process each time, cold (no CACHE_DIR) and
 * with a warm CACHE_DIR (filled by one untimed run first), hubvino vs benchmark_app `-niter 0`.
 */
export async function runStartupSection(context: BenchContext, model: PreparedModel): Promise<void> {
  const { startupRepetitions: repetitions, device } = context.options;
  const shape = benchmarkAppShape(model);
  const cacheRoot = await mkdtemp(join(context.workDirectory, `cache-${model.id}-`));
  try {
    const hubvinoCache = join(cacheRoot, 'hubvino');
    const benchmarkCache = join(cacheRoot, 'benchmark-app');
    context.log(`start-up: ${model.id}: cold and warm cache, ${repetitions} runs each side`);
    const hubvinoCold = await attempt(context, 'startup', `${model.id} hubvino cold`, () =>
      repeat(repetitions, () => runStartupProbe(model, undefined)),
    );
    const benchmarkCold = await attempt(context, 'startup', `${model.id} benchmark_app cold`, () =>
      repeat(
        repetitions,
        async () =>
          (await runBenchmarkApp({ model: model.xml, hint: 'latency', compileOnly: true, device, shape })).report,
      ),
    );
    const hubvinoWarm = await attempt(context, 'startup', `${model.id} hubvino warm cache`, async () => {
      await runStartupProbe(model, hubvinoCache);
      return repeat(repetitions, () => runStartupProbe(model, hubvinoCache));
    });
    const benchmarkWarm = await attempt(context, 'startup', `${model.id} benchmark_app warm cache`, async () => {
      const run = async () =>
        (
          await runBenchmarkApp({
            model: model.xml,
            hint: 'latency',
            compileOnly: true,
            device,
            shape,
            cacheDirectory: benchmarkCache,
          })
        ).report;
      await run();
      return repeat(repetitions, run);
    });
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
        comparison: compare(medianOf(hubvinoCold), medianOf(benchmarkSamples(benchmarkCold)), 'lower'),
      },
      {
        section: 'startup',
        subject: model.label,
        metric: 'read + compile, warm CACHE_DIR, median',
        unit: 'ms',
        reference: 'benchmark_app -niter 0 -cdir',
        comparison: compare(medianOf(hubvinoWarm), medianOf(benchmarkSamples(benchmarkWarm)), 'lower'),
      },
    );
    const startup = detailsOf(context, 'startup');
    startup[model.id] = {
      hubvinoCold: hubvinoCold satisfies StartupSample[] | undefined,
      hubvinoWarm,
      benchmarkAppCold: benchmarkSamples(benchmarkCold),
      benchmarkAppWarm: benchmarkSamples(benchmarkWarm),
    };
  } finally {
    await rm(cacheRoot, { recursive: true, force: true });
  }
}
