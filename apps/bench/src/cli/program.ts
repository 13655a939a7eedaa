import { resolve } from 'node:path';
import { type CommandLine, type CommandLineContext, exitCodeHelp, runCommandLine } from '@hubvino/runtime/cli';
import { Command, InvalidArgumentError, Option } from 'commander';
import { type ModelKind, modelLabels, workspaceRoot } from '../models/model-sources.js';
import { type BenchSection, benchSections } from '../report/bench-report.js';
import { writeBenchmarksFile } from '../report/benchmarks-file.js';
import { formatMarkdownReport } from '../report/format-table.js';
import { fullOptions, quickOptions, runBench } from '../run-bench.js';
import type { BenchOptions } from '../sections/bench-context.js';

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError('must be a positive integer');
  return parsed;
}

function listOf<T extends string>(allowed: readonly T[]) {
  return (value: string): T[] => {
    const items = value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    for (const item of items) {
      if (!allowed.includes(item as T))
        throw new InvalidArgumentError(`must be a comma-separated list of ${allowed.join(', ')}`);
    }
    return items as T[];
  };
}

interface CliOptions {
  quick?: boolean;
  json?: boolean;
  write?: boolean;
  output: string;
  duration?: number;
  rounds?: number;
  images?: number;
  only?: BenchSection[];
  models?: ModelKind[];
}

/** Builds the bench's commander program for one run; the action runs the bench. */
function buildProgram(context: CommandLineContext): Command {
  const program = new Command('bench')
    .description(
      'hubvino against OpenVINO benchmark_app, the notebook Python path and TensorFlow on the same IR, device and machine.\nPrints a table of medians and ratios (hubvino / reference) with the machine facts.',
    )
    .option(
      '--quick',
      'smoke run: the TF Lite model only, one 1 s round per measurement, 20 images (under a minute); does not write',
    )
    .option('--json', 'print exactly one JSON document on stdout (progress stays on stderr)')
    .option('--write', 'update BENCHMARKS.md (default for a full run)')
    .option('--no-write', 'do not update BENCHMARKS.md')
    .option('--output <file>', 'the benchmarks file to update', resolve(workspaceRoot, 'BENCHMARKS.md'))
    .option(
      '--duration <seconds>',
      'whole seconds per latency/throughput round, each side (benchmark_app -t takes integers)',
      positiveInteger,
    )
    .option('--rounds <count>', 'alternating hubvino/benchmark_app rounds per comparison', positiveInteger)
    .option('--images <count>', 'JPEGs in the end-to-end set', positiveInteger)
    .addOption(
      new Option('--only <sections>', `comma-separated sections: ${benchSections.join(', ')}`).argParser(
        listOf(benchSections),
      ),
    )
    .addOption(
      new Option('--models <kinds>', `comma-separated models: ${Object.keys(modelLabels).join(', ')}`).argParser(
        listOf(Object.keys(modelLabels) as ModelKind[]),
      ),
    )
    .addHelpText(
      'after',
      exitCodeHelp({
        success: 'all measured',
        categories: ['internal', 'usage', 'toolchain'],
        descriptions: { internal: 'some measurement failed (see failures), or an internal error' },
      }),
    )
    .action(async (options: CliOptions) => {
      context.exitCode = await measure(options, context);
    });
  return program;
}

/** Runs the bench with parsed `options`; the exit code is 1 when some measurement failed. */
async function measure(options: CliOptions, context: CommandLineContext): Promise<number> {
  const base = options.quick ? quickOptions : fullOptions;
  const benchOptions: BenchOptions = {
    ...base,
    durationSeconds: options.duration ?? base.durationSeconds,
    rounds: options.rounds ?? base.rounds,
    images: options.images ?? base.images,
    sections: options.only ?? base.sections,
    models: options.models ?? base.models,
  };
  const write = options.write ?? !options.quick;
  const started = performance.now();
  const log = (message: string) =>
    process.stderr.write(`bench: [${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}\n`);

  const report = await runBench(benchOptions, log);
  const markdown = formatMarkdownReport(report);
  if (write) {
    await writeBenchmarksFile(options.output, markdown);
    log(`updated ${options.output}`);
  }
  // undefined (a side not measured) becomes null so that every report has the same keys.
  if (options.json) context.output.stdout(`${JSON.stringify(report, (_key, value) => value ?? null)}\n`);
  else context.output.stdout(`${markdown}\n`);
  return report.failures.length > 0 ? 1 : 0;
}

/** The bench's command line for {@link runCommandLine}. */
export const benchCommandLine: CommandLine = { name: 'bench', build: buildProgram };

/** Runs the bench with `argv` (without node and the script); resolves with the exit code. */
export function runProgram(argv: readonly string[]): Promise<number> {
  return runCommandLine(benchCommandLine, argv);
}
