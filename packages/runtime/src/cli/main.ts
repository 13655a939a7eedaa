import { Command } from 'commander';
import { formatDoctorReport, runDoctor } from './doctor.js';
import { exitCodeHelp } from './exit-code-help.js';
import { createProvisionCommand } from './provision-command.js';
import { type CommandLine, type CommandLineOutput, runCommandLine } from './run-command-line.js';

const exitCodes = exitCodeHelp({ categories: ['usage', 'artifact', 'runtime', 'toolchain', 'internal'] });

/** The `hubvino` command line: `doctor`, `provision`. */
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
    return program;
  },
};

/** Runs `hubvino` with `argv` (without node and the script); resolves with the exit code. */
export function run(argv: readonly string[], output?: CommandLineOutput): Promise<number> {
  return runCommandLine(hubvinoCommandLine, argv, output);
}
