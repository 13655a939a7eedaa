import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ToolchainError } from '@hubvino/runtime';
import { locateOpenVino } from '@hubvino/runtime/toolchain';
import { runCommand } from '../process/run-command.js';
import {
  type BenchmarkAppReport,
  mergeBenchmarkAppReports,
  parseBenchmarkAppJson,
  parseBenchmarkAppOutput,
} from './benchmark-app-report.js';

/** One `benchmark_app` run. */
export interface BenchmarkAppOptions {
  /** The IR `.xml`. */
  model: string;
  /** `-hint`. */
  hint: 'latency' | 'throughput';
  /** `-nireq`; omitted lets benchmark_app choose. */
  requests?: number;
  /** `-t` seconds; ignored when `compileOnly`. */
  durationSeconds?: number;
  /** `-d`, `CPU` by default. */
  device?: string;
  /** `-cdir`. */
  cacheDirectory?: string;
  /** `-shape`, e.g. `[1,224,224,3]` for an IR whose batch is dynamic. */
  shape?: string;
  /** `-niter 0`: read and compile, no inference (start-up measurement). */
  compileOnly?: boolean;
  /** `-infer_precision`, e.g. `f32` (default: the plugin's, bf16 on AVX512-BF16/AMX CPUs). */
  inferencePrecision?: string;
}

function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join('\n');
}

/** The arguments passed to benchmark_app after its own command, for a given report folder. */
export function benchmarkAppArguments(options: BenchmarkAppOptions, reportFolder: string): string[] {
  const args = ['-m', options.model, '-d', options.device ?? 'CPU', '-hint', options.hint];
  if (options.shape !== undefined) args.push('-shape', options.shape);
  if (options.requests !== undefined) args.push('-nireq', String(options.requests));
  if (options.compileOnly) args.push('-niter', '0');
  else if (options.durationSeconds !== undefined) args.push('-t', String(options.durationSeconds));
  if (options.cacheDirectory) args.push('-cdir', options.cacheDirectory);
  if (options.inferencePrecision) args.push('-infer_precision', options.inferencePrecision);
  args.push('-report_type', 'no_counters', '-report_folder', reportFolder, '-json_stats');
  return args;
}

/** A benchmark_app run's parsed report and the exact command line, for the record. */
export interface BenchmarkAppRun {
  report: BenchmarkAppReport;
  commandLine: string;
}

/** Runs OpenVINO's `benchmark_app` (from the provisioned toolchain) and parses its report. */
export async function runBenchmarkApp(options: BenchmarkAppOptions): Promise<BenchmarkAppRun> {
  const tool = locateOpenVino().benchmarkApp;
  if (!tool) {
    throw new ToolchainError(
      'benchmark_app is not in the OpenVINO toolchain. Run pnpm install (or set HUBVINO_BENCHMARK_APP).',
      { code: 'ERR_BENCHMARK_APP_NOT_FOUND' },
    );
  }
  const reportFolder = await mkdtemp(join(tmpdir(), 'hubvino-bench-report-'));
  try {
    await mkdir(reportFolder, { recursive: true });
    const args = [...tool.args, ...benchmarkAppArguments(options, reportFolder)];
    const result = await runCommand(tool.command, args);
    const output = `${result.stdout}\n${result.stderr}`;
    if (result.exitCode !== 0) {
      throw new ToolchainError(
        `benchmark_app exited with ${result.exitCode} on ${options.model}: ${lastLines(output, 5)}`,
        { code: 'ERR_BENCHMARK_APP_FAILED' },
      );
    }
    let json: BenchmarkAppReport | undefined;
    try {
      json = parseBenchmarkAppJson(await readFile(join(reportFolder, 'benchmark_report.json'), 'utf8'));
    } catch {
      json = undefined;
    }
    return {
      report: mergeBenchmarkAppReports(json, parseBenchmarkAppOutput(output)),
      commandLine: ['benchmark_app', ...benchmarkAppArguments(options, '<report>')].join(' '),
    };
  } finally {
    await rm(reportFolder, { recursive: true, force: true });
  }
}
