import { ArgumentError } from '@hubvino/runtime';
import {
  type CommandLine,
  type CommandLineContext,
  exitCodeHelp,
  exitCodes,
  processOutput,
  runCommandLine,
} from '@hubvino/runtime/cli';
import { Command, Option } from 'commander';
import { DEFAULT_PORT, type DemoOptions, environmentVariables, resolveDemoSettings } from '../config/demo-settings.js';
import { DEFAULT_MODEL_NAME, DEFAULT_SOURCE, NOTEBOOK_MOBILENET_V1_SOURCE } from '../model/default-model.js';
import { classifyImages, formatClassifyReport } from './commands/classify-command.js';
import type { CommandRunner } from './commands/command-runner.js';
import { addDetectCommand } from './commands/detect-command.js';
import { formatListenReport, listenToAudio } from './commands/listen-command.js';
import { estimatePose, formatPoseReport } from './commands/pose-command.js';
import { addSegmentCommand } from './commands/segment-command.js';
import { serveDemo } from './commands/serve-command.js';
import { parseStrength, stylizeImage } from './commands/stylize-command.js';
import { type LogFunction, logLine } from './log.js';
import { onShutdownSignal } from './shutdown.js';

/** Where the CLI writes; tests pass collectors. */
export interface ProgramOutput {
  stdout: (text: string) => void;
  log: LogFunction;
}

const environmentHelp: readonly [string, string][] = [
  [environmentVariables.repository, 'model repository (default apps/demo/models)'],
  [environmentVariables.name, `model name (default ${DEFAULT_MODEL_NAME})`],
  [
    environmentVariables.source,
    `TF Hub handle or local model file (default ${DEFAULT_SOURCE};\n` +
      "when TF Hub cannot be reached: ../shared's TF Lite MobileNetV2);\n" +
      `mobilenet_v1 = ${NOTEBOOK_MOBILENET_V1_SOURCE}\n` +
      '(the handle the notebook really loads), mobilenet_v2 = the default',
  ],
  [environmentVariables.labels, 'labels file for the source'],
  [
    environmentVariables.styleModel,
    'style-transfer artifact in the repository (either form: the one-piece\n' +
      "TF Hub SavedModel conversion or a part of a pair; default ../shared's TF Lite pair)",
  ],
  [environmentVariables.device, 'default device (default CPU)'],
  [environmentVariables.host, 'address to listen on (default 127.0.0.1)'],
  [environmentVariables.port, `port to listen on (default ${DEFAULT_PORT}; 0 = any free port)`],
];

const help = `${exitCodeHelp({
  categories: ['usage', 'source', 'conversion', 'validation', 'artifact', 'runtime', 'toolchain', 'internal'],
})}

Environment:
${environmentHelp
  .map(([name, text]) => `  ${name.padEnd(25)}${text.replaceAll('\n', `\n${' '.repeat(27)}`)}`)
  .join('\n')}`;

const defaultOutput: ProgramOutput = { stdout: (text) => process.stdout.write(text), log: logLine };

/**
 * The demo's command line: `serve` (default), `classify <images...>`, `stylize`, `detect`, `segment`, `pose` and
 * `listen`. Errors become
 * exit codes in {@link runProgram}; `serve` keeps running until SIGINT/SIGTERM.
 */
export function createProgram(context: CommandLineContext, output: ProgramOutput = defaultOutput): Command {
  const program = new Command('demo')
    .description(
      'hubvino demo: classify, detect, segment and stylize images in the browser or on the command line with OpenVINO',
    )
    .option('--repository <directory>', `model repository (env ${environmentVariables.repository})`)
    .option('--name <name>', `model name in the repository (env ${environmentVariables.name})`)
    .option(
      '--source <handle-or-path>',
      `where to convert the model from when missing (env ${environmentVariables.source})`,
    )
    .option('--labels <file>', `labels for --source (env ${environmentVariables.labels})`)
    .option(
      '--style-model <name>',
      `style-transfer artifact in the repository, either form (env ${environmentVariables.styleModel})`,
    )
    .option('--device <device>', `OpenVINO device: CPU, GPU, AUTO, ... (env ${environmentVariables.device})`)
    .option(
      '--endpoint <url>',
      `classify on a KServe v2 server serving 'pnpm convert serve-config <repository>' (env ${environmentVariables.endpoint})`,
    )
    .addHelpText('after', help)
    .showHelpAfterError();

  program
    .command('serve', { isDefault: true })
    .description('make sure the model exists, then serve the page (the default command)')
    .addOption(new Option('--port <port>', `port, 0 = any free port (env PORT, default ${DEFAULT_PORT})`))
    .option('--host <address>', `address to listen on (env ${environmentVariables.host}, default 127.0.0.1)`)
    .action(async (_options: unknown, command: Command) => {
      const settings = resolveDemoSettings(command.optsWithGlobals<DemoOptions>());
      const demo = await serveDemo(settings, output.log);
      onShutdownSignal(demo.stop, { log: output.log });
      output.stdout(`hubvino demo: ${demo.url}\n`);
    });

  program
    .command('classify')
    .description('classify image files and print the top-5 of each')
    .argument('<images...>', 'image files (JPEG, PNG, WebP, GIF, TIFF, AVIF)')
    .option('--json', 'print one JSON document instead of tables')
    .option('--top-k <k>', 'classes per image', '5')
    .action(async (images: string[], _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<DemoOptions & { json?: boolean; topK: string }>();
      const topK = Number(options.topK);
      if (!Number.isInteger(topK) || topK < 1) {
        throw new ArgumentError(`'--top-k' must be a positive integer (got ${options.topK})`, { argument: '--top-k' });
      }
      const report = await classifyImages(resolveDemoSettings(options), { images, topK }, output.log);
      output.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatClassifyReport(report)}\n`);
      if (report.results.some((outcome) => 'error' in outcome)) context.exitCode = exitCodes.usage;
    });

  program
    .command('stylize')
    .description('paint <content> in the style of <style> (Magenta style transfer) and write the result')
    .argument('<content>', 'content image (JPEG, PNG, WebP, GIF, TIFF, AVIF)')
    .argument('<style>', 'style image')
    .requiredOption('-o, --output <file>', 'the result: .png or .jpg/.jpeg, at the content image size')
    .option('--strength <s>', 'style strength from 0 (content only) to 1 (full style)', '1')
    .option('--json', 'print one JSON document describing the result')
    .action(async (content: string, style: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<DemoOptions & { json?: boolean; output: string; strength: string }>();
      const report = await stylizeImage(
        resolveDemoSettings(options),
        { content, style, output: options.output, strength: parseStrength(options.strength) },
        output.log,
      );
      output.stdout(
        options.json
          ? `${JSON.stringify(report, null, 2)}\n`
          : `wrote ${report.output} (${report.width}x${report.height}, strength ${report.strength}, ${Math.round(report.timings.total)} ms)\n`,
      );
    });

  // Errors propagate to runCommandLine, which prints the JSON error document under --json.
  const run: CommandRunner = async (json, body) => {
    const result = await body(output.log);
    output.stdout(json ? `${JSON.stringify(result.json, null, 2)}\n` : `${result.text}\n`);
  };
  addDetectCommand(program, run);
  addSegmentCommand(program, run);
  program
    .command('pose')
    .description("estimate a person's pose (MoveNet): 17 keypoints in the image's pixels")
    .argument('<image>', 'image file (JPEG, PNG, WebP, GIF, TIFF, AVIF, BMP)')
    .option('--json', 'print one JSON document: keypoints as { name, x, y, score }, skeleton edges')
    .action(async (image: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<DemoOptions & { json?: boolean }>();
      const report = await estimatePose(resolveDemoSettings(options), image, output.log);
      output.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatPoseReport(report)}\n`);
    });

  program
    .command('listen')
    .description('classify the sounds in a WAV file (YAMNet, 521 AudioSet classes), per 0.975 s window and overall')
    .argument('<wav>', 'WAV file (PCM 8/16/24/32-bit or float, any sample rate, mono or stereo, up to 10 minutes)')
    .option('--json', "print one JSON document: the clip's classes as { label, score } and per-window results")
    .option('--top-k <k>', 'classes for the clip and per window', '5')
    .action(async (audio: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<DemoOptions & { json?: boolean; topK: string }>();
      const topK = Number(options.topK);
      if (!Number.isInteger(topK) || topK < 1) {
        throw new ArgumentError(`'--top-k' must be a positive integer (got ${options.topK})`, { argument: '--top-k' });
      }
      const report = await listenToAudio(resolveDemoSettings(options), { audio, topK }, output.log);
      output.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatListenReport(report)}\n`);
    });

  return program;
}

/** The demo's command line for {@link runCommandLine}; failures are logged as `demo: error: ...` lines. */
export function demoCommandLine(output: ProgramOutput = defaultOutput): CommandLine {
  return {
    name: 'demo',
    build: (context) => createProgram(context, output),
    reportError: (message) => output.log(`error: ${message}`),
  };
}

/** Runs the demo CLI with `argv` (without node and the script); resolves with the exit code. */
export function runProgram(argv: readonly string[], output: ProgramOutput = defaultOutput): Promise<number> {
  return runCommandLine(demoCommandLine(output), argv, { stdout: output.stdout, stderr: processOutput.stderr });
}
