import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HubvinoError } from '@hubvino/runtime';
import type { PreparedModel } from '../models/prepared-model.js';
import { runCommand } from '../process/run-command.js';

/** One start-up of hubvino in a fresh process. */
export interface StartupSample {
  /** `new Core()` including loading the OpenVINO library and plugins list. */
  coreMs: number;
  /** Loading the CPU plugin (benchmark_app does this before its timings too). */
  pluginMs: number;
  readMs: number;
  /** Reshaping a dynamic IR to the static shape; benchmark_app reports it apart from read and compile. */
  reshapeMs: number;
  compileMs: number;
}

const probe = join(dirname(fileURLToPath(import.meta.url)), 'startup-probe.js');

/** Runs the start-up probe once in a fresh Node process (`cacheDirectory` sets CACHE_DIR). */
export async function runStartupProbe(
  prepared: PreparedModel,
  cacheDirectory: string | undefined,
): Promise<StartupSample> {
  const result = await runCommand(process.execPath, [
    probe,
    prepared.xml,
    cacheDirectory ?? '-',
    prepared.reshaped ? prepared.inputShape.join(',') : '-',
  ]);
  if (result.exitCode !== 0) {
    throw new HubvinoError(
      `the start-up probe failed (exit ${result.exitCode}): ${result.stderr.trim().split('\n').slice(-4).join('\n')}`,
      { code: 'ERR_BENCH_STARTUP_PROBE', category: 'runtime' },
    );
  }
  return JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as StartupSample;
}
