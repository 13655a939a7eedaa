import type { CommandLineContext } from '@hubvino/runtime/cli';
import type { Command } from 'commander';
import { convertStyleTransferPair } from '../style-transfer-pair.js';
import { exitCodeHelp } from './output.js';
import { createProgressReporter } from './progress-reporter.js';

/**
 * Adds `style-transfer <prediction> <transfer> --name <base>`: converts both parts of an
 * arbitrary-image-stylization model and publishes `<base>-prediction` and `<base>-transfer`, each
 * naming the other in its manifest's `companions`.
 */
export function addStyleTransferCommand(program: Command, context: CommandLineContext, signal?: AbortSignal): void {
  program
    .command('style-transfer')
    .description(
      'convert both parts of a style-transfer model (e.g. TF Hub Magenta prediction + transfer) and publish <name>-prediction and <name>-transfer as companions',
    )
    .argument('<prediction>', 'style-prediction part: handle, URL or file (style image -> bottleneck)')
    .argument('<transfer>', 'style-transfer part: handle, URL or file (content image + bottleneck -> image)')
    .requiredOption('--name <name>', 'base name: publishes <name>-prediction and <name>-transfer')
    .option('--repository <dir>', 'model repository (OpenVINO Model Server layout)', 'models')
    .option('--fp16', 'compress weights to FP16 (default, as ovc)')
    .option('--no-fp16', 'keep FP32 weights')
    .option('--if-changed', 'publish nothing when both latest versions came from the same sources and name each other')
    .option('--quiet', 'no progress output on stderr')
    .option('--json', 'print exactly one JSON document (the result or {"error":{...}}) on stdout')
    .addHelpText('after', exitCodeHelp)
    .action(async (prediction: string, transfer: string, options: Record<string, string | boolean | undefined>) => {
      context.json = Boolean(options.json);
      const reporter = createProgressReporter({ quiet: Boolean(options.quiet), tty: Boolean(process.stderr.isTTY) });
      try {
        const result = await convertStyleTransferPair(
          {
            prediction,
            transfer,
            name: options.name as string,
            repository: options.repository as string,
            fp16: options.fp16 !== false,
            ifChanged: Boolean(options.ifChanged),
            ...(signal ? { signal } : {}),
          },
          { onProgress: reporter.onProgress },
        );
        if (context.json) context.printJson(result);
        else {
          for (const part of [result.prediction, result.transfer]) {
            process.stdout.write(`${result.status} ${part.name} version ${part.version}: ${part.directory}\n`);
          }
        }
      } finally {
        reporter.stop();
      }
    });
}
