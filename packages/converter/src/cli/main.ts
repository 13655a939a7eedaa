import { ArgumentError } from '@hubvino/runtime';
import { taskSchema } from '@hubvino/runtime/artifact';
import {
  type CommandLine,
  type CommandLineContext,
  type CommandLineOutput,
  runCommandLine,
} from '@hubvino/runtime/cli';
import { Command, Option } from 'commander';
import { convert } from '../convert.js';
import { InterruptedError } from '../errors/interrupted-error.js';
import { inspect } from '../inspect/inspect.js';
import { listModels } from '../list-models.js';
import type { OverflowFixMode, QuantizeOptions } from '../quantize/quantize-options.js';
import { formatMetric } from '../validation/metrics.js';
import { DEFAULT_MAX_ABS_DIFF_FP32 } from '../validation/validate-conversion.js';
import { interruptOnSignals, signalExitCode } from './interrupt.js';
import { exitCodeHelp, formatBytes, withFlagNames } from './output.js';
import { createProgressReporter } from './progress-reporter.js';
import { addServeConfigCommand } from './serve-config-command.js';
import { addStyleTransferCommand } from './style-transfer-command.js';

const subcommands = new Set(['convert', 'list', 'inspect', 'style-transfer', 'serve-config', 'help']);

/** Makes `convert` the default subcommand when the first argument is a source. */
export function withDefaultSubcommand(argv: string[]): string[] {
  const first = argv[0];
  if (first === undefined || subcommands.has(first) || first.startsWith('-')) return argv;
  return ['convert', ...argv];
}

function positiveInteger(value: string, option: string): number {
  if (!/^[1-9][0-9]*$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new ArgumentError(
      `'${option}' must be a positive integer up to ${Number.MAX_SAFE_INTEGER} (got ${JSON.stringify(value)})`,
      { argument: option },
    );
  }
  return Number(value);
}

function nonNegativeNumber(value: string, option: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < 0) {
    throw new ArgumentError(`'${option}' must be a non-negative number (got ${JSON.stringify(value)})`, {
      argument: option,
    });
  }
  return parsed;
}

/** `--quantize int8 --calibration <dir|N>` and its companions as `convert({ quantize })`. */
function quantizeOptions(options: Record<string, string | boolean | undefined>): { quantize?: QuantizeOptions } {
  const companions = [
    'calibration',
    'calibrationSamples',
    'validationSamples',
    'maxAgreementLoss',
    'overflowFix',
    'quantizePreset',
    'biasCorrection',
    'accuracyControl',
  ];
  if (!options.quantize) {
    const stray = companions.find((name) => options[name] !== undefined);
    if (stray) {
      const flag = `--${stray.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
      throw new ArgumentError(`'${flag}' only applies with '--quantize int8'`, { argument: flag });
    }
    return {};
  }
  const calibration = options.calibration;
  if (typeof calibration !== 'string' || calibration === '') {
    throw new ArgumentError(
      "'--calibration' is required with '--quantize int8': a folder of images, or a number of samples from the default images",
      { argument: '--calibration' },
    );
  }
  return {
    quantize: {
      precision: 'int8',
      calibration: /^[0-9]+$/.test(calibration) ? positiveInteger(calibration, '--calibration') : calibration,
      ...(options.calibrationSamples !== undefined
        ? { calibrationSamples: positiveInteger(options.calibrationSamples as string, '--calibration-samples') }
        : {}),
      ...(options.validationSamples !== undefined
        ? { validationSamples: positiveInteger(options.validationSamples as string, '--validation-samples') }
        : {}),
      ...(options.maxAgreementLoss !== undefined
        ? { maxAgreementLoss: nonNegativeNumber(options.maxAgreementLoss as string, '--max-agreement-loss') }
        : {}),
      ...(options.overflowFix ? { overflowFix: options.overflowFix as OverflowFixMode } : {}),
      ...(options.quantizePreset ? { preset: options.quantizePreset as 'performance' | 'mixed' } : {}),
      ...(options.biasCorrection ? { biasCorrection: options.biasCorrection as 'full' | 'fast' } : {}),
      ...(options.accuracyControl ? { accuracyControl: true } : {}),
    },
  };
}

const environmentHelp = `
Environment:
  HUBVINO_CALIBRATION_IMAGES  images for '--calibration N' (in a hubvino source checkout: ../shared/images)
  TFHUB_CACHE_DIR        TF Hub cache (compatible with tensorflow_hub); default <os tmp>/tfhub_modules
  HUBVINO_HUB_HOST_MAP   host=baseUrl pairs to redirect hub hosts (tests, mirrors)
  HUBVINO_HUB_RETRIES, HUBVINO_HUB_RETRY_DELAY_MS, HUBVINO_HUB_TIMEOUT_MS   download retries and time-outs
  HUBVINO_LOCK_STALE_MS  take over a <repository>/.<name>.lock without heartbeat after this (default 60000)
  HUBVINO_LOCK_TIMEOUT_MS  stop waiting for a live lock holder after this (default 1800000; ERR_LOCK_TIMEOUT)

Signals: SIGINT/SIGTERM/SIGHUP stop a conversion, kill ovc, remove the staging folder and lock, exit 130/143/129.`;

/**
 * Builds the CLI for one run; {@link run} turns its outcome into the exit code. `signal` (SIGINT,
 * SIGTERM, SIGHUP in {@link run}) stops a conversion and removes what it left.
 */
export function buildProgram(context: CommandLineContext, signal?: AbortSignal): Command {
  const printJson = context.printJson;
  const program = new Command('hubvino-convert')
    .description(
      'Convert TensorFlow Hub models (tfhub.dev, Kaggle, local SavedModel/.tflite/.pb/.tar.gz) to validated, versioned OpenVINO IR.\n`hubvino-convert <source> --name x` is short for `hubvino-convert convert <source> --name x`.',
    )
    .showHelpAfterError()
    .addHelpText('after', `${exitCodeHelp}\n${environmentHelp}`);

  program
    .command('convert')
    .description('convert, validate and publish <repository>/<name>/<version>/')
    .argument('<source>', 'TF Hub / Kaggle handle, URL, SavedModel folder, .tflite, frozen .pb, .tar.gz or file:// URL')
    .requiredOption('--name <name>', 'model name (folder in the repository)')
    .option('--repository <dir>', 'model repository (OpenVINO Model Server layout)', 'models')
    .option('--version <N>', 'version to publish (default: the next integer; never overwrites)')
    .option('--input-shape <shape>', 'input shape(s): 1,224,224,3 or [1,384,384,3],[1,1,1,100] or name[1,224,224,3]')
    .option('--dynamic-batch', 'keep a dynamic batch dimension dynamic (default: batch 1)')
    .option('--fp16', 'compress weights to FP16 (default, as ovc)')
    .option('--no-fp16', 'keep FP32 weights')
    .option('--labels <file|url>', 'labels file (one per line), published as labels.txt')
    .addOption(new Option('--task <task>', 'task (inferred when obvious)').choices(taskSchema.options))
    .option(
      '--max-abs-diff <x>',
      `also limit the largest |IR - source| of raw outputs (default: none, the task's metrics decide; ${DEFAULT_MAX_ABS_DIFF_FP32} suits --no-fp16 --inference-precision f32)`,
    )
    .option(
      '--metric-limit <name=value...>',
      'override a validation metric limit, e.g. pixelClassMismatch=0.02, relativeL2=0.1, top5Overlap=0.6',
    )
    .addOption(
      new Option(
        '--low-precision <mode>',
        'u8 kernels for quantized models: auto (per CPU at load: off without VNNI/AMX unless validated), on, off',
      ).choices(['auto', 'on', 'off']),
    )
    .addOption(
      new Option('--inference-precision <type>', "the artifact's INFERENCE_PRECISION_HINT (default auto)").choices([
        'auto',
        'f32',
        'bf16',
        'f16',
      ]),
    )
    .option(
      '--no-emulate-avx2',
      'do not also validate quantized models as on CPUs without VNNI (ONEDNN_MAX_CPU_ISA=AVX2)',
    )
    .addOption(
      new Option(
        '--quantize <precision>',
        'post-training quantization with NNCF after validation (image classifiers)',
      ).choices(['int8']),
    )
    .option(
      '--calibration <dir|N>',
      'with --quantize: a folder of images, or N samples from the default images (HUBVINO_CALIBRATION_IMAGES, else ../shared/images)',
    )
    .option('--calibration-samples <N>', 'with --quantize and a folder: calibration samples (default 300)')
    .option('--validation-samples <N>', 'with --quantize: samples from the held-apart images (default 200)')
    .option(
      '--max-agreement-loss <pp>',
      'with --quantize: refuse (exit 5, nothing published) when top-1 agreement with the float source drops by more percentage points (default 1)',
    )
    .addOption(
      new Option(
        '--overflow-fix <mode>',
        "with --quantize: NNCF's overflow fix (default auto: enable on CPUs without VNNI)",
      ).choices(['auto', 'enable', 'first-layer', 'disable']),
    )
    .addOption(
      new Option(
        '--bias-correction <kind>',
        "with --quantize: NNCF bias correction (default full; fast is NNCF's default)",
      ).choices(['full', 'fast']),
    )
    .addOption(
      new Option('--quantize-preset <preset>', 'with --quantize: NNCF preset (default performance)').choices([
        'performance',
        'mixed',
      ]),
    )
    .option(
      '--accuracy-control',
      "with --quantize: put the operations that cost the most agreement back to float until the loss is within --max-agreement-loss (NNCF's accuracy-aware quantization)",
    )
    .option('--if-changed', 'publish nothing when the latest version has the same source digest and options')
    .option(
      '--no-tensorflow-reference',
      'do not validate SavedModels against TensorFlow (tfjs-node); OpenVINO frontend reference only',
    )
    .option('--quiet', 'no progress output on stderr')
    .option('--json', 'print exactly one JSON document (the result or {"error":{...}}) on stdout')
    .addHelpText('after', exitCodeHelp)
    .action(async (source: string, options: Record<string, string | boolean | undefined>) => {
      context.json = Boolean(options.json);
      const reporter = createProgressReporter({ quiet: Boolean(options.quiet), tty: Boolean(process.stderr.isTTY) });
      try {
        const result = await convert(
          {
            source,
            name: options.name as string,
            repository: options.repository as string,
            ...(options.version !== undefined
              ? { version: positiveInteger(options.version as string, '--version') }
              : {}),
            ...(options.inputShape ? { inputShape: options.inputShape as string } : {}),
            keepDynamicBatch: Boolean(options.dynamicBatch),
            fp16: options.fp16 !== false,
            ...(options.labels ? { labels: options.labels as string } : {}),
            ...(options.task ? { task: options.task as 'generic' } : {}),
            ...(options.maxAbsDiff !== undefined
              ? { maxAbsDiff: nonNegativeNumber(options.maxAbsDiff as string, '--max-abs-diff') }
              : {}),
            ...(options.metricLimit ? { metricLimits: metricLimits(options.metricLimit as unknown as string[]) } : {}),
            ...(options.lowPrecision ? { lowPrecision: options.lowPrecision as 'auto' } : {}),
            ...(options.inferencePrecision ? { inferencePrecision: options.inferencePrecision as 'auto' } : {}),
            emulateSaturatingInt8: options.emulateAvx2 !== false,
            ifChanged: Boolean(options.ifChanged),
            tensorFlowReference: options.tensorflowReference !== false,
            ...quantizeOptions(options),
            ...(signal ? { signal } : {}),
          },
          { onProgress: reporter.onProgress },
        );
        if (context.json) printJson(result);
        else {
          const references = (result.manifest.validation?.references ?? [])
            .map(
              (reference) =>
                `vs ${reference.kind}: ${Object.entries(reference.metrics ?? { maxAbsDiff: reference.maxAbsDiff })
                  .map(([name, value]) => `${name} ${formatMetric(value)}`)
                  .join(', ')}`,
            )
            .join('; ');
          process.stdout.write(
            `${result.status === 'published' ? 'published' : 'unchanged'} ${result.name} version ${result.version}: ${result.directory}${references ? ` (${references})` : ''}\n`,
          );
        }
      } finally {
        reporter.stop();
      }
    });

  program
    .command('list')
    .description('list the models in a repository (names, versions, sizes, sources)')
    .argument('[repository]', 'model repository', 'models')
    .option('--json', 'print one JSON document on stdout')
    .addHelpText('after', exitCodeHelp)
    .action(async (repository: string, options: { json?: boolean }) => {
      context.json = Boolean(options.json);
      const listing = await listModels(repository);
      if (context.json) {
        printJson(listing);
        return;
      }
      if (listing.models.length === 0) {
        process.stdout.write(`no models in ${listing.repository}\n`);
        return;
      }
      for (const model of listing.models) {
        process.stdout.write(
          `${model.name}\t${model.version}\t${model.size === undefined ? '?' : formatBytes(model.size)}\t${model.task ?? '?'}\t${model.source ?? model.problem ?? ''}\n`,
        );
      }
    });

  program
    .command('inspect')
    .description('show the inputs and outputs of a source or a published artifact without converting')
    .argument('<target>', 'source (handle, URL, local model) or artifact (<repository>/<name>[/<version>])')
    .option('--no-tensorflow', 'do not read SavedModel signatures with TensorFlow (tfjs-node)')
    .option('--json', 'print one JSON document on stdout')
    .addHelpText('after', exitCodeHelp)
    .action(async (target: string, options: { json?: boolean; tensorflow?: boolean }) => {
      context.json = Boolean(options.json);
      const result = await inspect(target, { tensorFlow: options.tensorflow !== false });
      if (context.json) {
        printJson(result);
        return;
      }
      process.stdout.write(`${result.kind} ${result.path} (${result.format})\n`);
      const shape = (dims: number[]) => `[${dims.map((d) => (d < 0 ? '?' : d)).join(',')}]`;
      for (const port of result.inputs)
        process.stdout.write(`  input  ${port.name} ${port.elementType} ${shape(port.shape)}\n`);
      for (const port of result.outputs)
        process.stdout.write(`  output ${port.name} ${port.elementType} ${shape(port.shape)}\n`);
      if (result.savedModel) {
        process.stdout.write(`SavedModel signatures (${result.savedModel.reader}):\n`);
        for (const metaGraph of result.savedModel.metaGraphs) {
          for (const signature of metaGraph.signatures) {
            process.stdout.write(`  ${signature.name} [tags: ${metaGraph.tags.join(', ')}]\n`);
            for (const tensor of signature.inputs)
              process.stdout.write(
                `    input  ${tensor.key} (${tensor.tensorName}) ${tensor.dtype} ${shape(tensor.shape)}\n`,
              );
            for (const tensor of signature.outputs)
              process.stdout.write(
                `    output ${tensor.key} (${tensor.tensorName}) ${tensor.dtype} ${shape(tensor.shape)}\n`,
              );
          }
        }
      }
      for (const note of result.notes ?? []) process.stderr.write(`note: ${note}\n`);
    });
  addStyleTransferCommand(program, context, signal);
  addServeConfigCommand(program, context);
  return program;
}

/** The `hubvino-convert` command line. */
export const convertCommandLine: CommandLine = {
  name: 'hubvino-convert',
  build: (context) => buildProgram(context),
  formatMessage: withFlagNames,
  exitCodeFor: (error) => (InterruptedError.isInstance(error) ? signalExitCode(error.signal) : undefined),
};

/**
 * Runs `hubvino-convert` with `argv` (without node and the script); resolves with the exit code.
 * While it runs, SIGINT/SIGTERM/SIGHUP stop the conversion (exit 128 + the signal's number).
 */
export async function run(argv: readonly string[], output?: CommandLineOutput): Promise<number> {
  const interrupts = interruptOnSignals();
  try {
    return await runCommandLine(
      { ...convertCommandLine, build: (context) => buildProgram(context, interrupts.signal) },
      withDefaultSubcommand([...argv]),
      output,
    );
  } finally {
    interrupts.dispose();
  }
}

/** `--metric-limit name=value` pairs as the `metricLimits` option. */
function metricLimits(pairs: string[]): Record<string, number> {
  const limits: Record<string, number> = {};
  for (const pair of pairs) {
    const [name, value] = pair.split('=');
    const number = Number(value);
    if (!name || value === undefined || !Number.isFinite(number) || number < 0) {
      throw new ArgumentError(
        `'--metric-limit' must be name=value with a non-negative number (got ${JSON.stringify(pair)})`,
        { argument: '--metric-limit' },
      );
    }
    limits[name] = number;
  }
  return limits;
}
