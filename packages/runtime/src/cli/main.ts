import { Command } from 'commander';
import { buildOpenVinoExtras } from '../toolchain/openvino-extras.js';
import { formatDoctorReport, runDoctor } from './doctor.js';
import { exitCodeHelp } from './exit-code-help.js';
import { createProvisionCommand } from './provision-command.js';
import { type CommandLine, type CommandLineOutput, runCommandLine } from './run-command-line.js';

const exitCodes = exitCodeHelp({ categories: ['usage', 'artifact', 'runtime', 'toolchain', 'internal'] });

/** The `hubvino` command line: `doctor`, `provision`, `build-helper`. */
export const hubvinoCommandLine: CommandLine = {
  name: 'hubvino',
  build(context) {
    const program = new Command()
      .name('hubvino')
      .description('Run OpenVINO models from Node.js (hubvino runtime)')
      .addHelpText('after', exitCodes)
      .showHelpAfterError();
    program
      .command('doctor')
      .description('Check the OpenVINO installation: version and C library, devices, ovc, benchmark_app, TensorFlow')
      .option('--json', 'print one JSON document on stdout')
      .addHelpText('after', exitCodes)
      .action(() => {
        const report = runDoctor();
        if (context.json) context.printJson(report);
        else context.output.stdout(formatDoctorReport(report));
      });
    program.addCommand(createProvisionCommand(context));
    program
      .command('build-helper')
      .description(
        "Build the optional native helper (C++, needs g++): OpenVINO calls the C API lacks and, with libjpeg's headers (Debian: libjpeg-dev), decodeImage's fast JPEG decoder",
      )
      .option('--force', 'rebuild even when it is built from the current source')
      .option('--json', 'print one JSON document on stdout')
      .addHelpText('after', exitCodes)
      .action((options: { force?: boolean }) => {
        const result = buildOpenVinoExtras({ force: options.force === true });
        if (context.json) context.printJson(result);
        else
          context.output.stdout(
            `${result.built ? 'built' : 'already built'}: ${result.path}\nJPEG decoder: ${result.jpeg ? 'yes (libjpeg)' : "no (libjpeg's headers were not found: install libjpeg-dev and run with --force)"}\n`,
          );
      });
    return program;
  },
};

/** Runs `hubvino` with `argv` (without node and the script); resolves with the exit code. */
export function run(argv: readonly string[], output?: CommandLineOutput): Promise<number> {
  return runCommandLine(hubvinoCommandLine, argv, output);
}
