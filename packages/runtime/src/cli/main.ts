#!/usr/bin/env node
import { Command } from 'commander';
import { exitCodeFor, exitCodes } from '../errors/error-category.js';
import { HubvinoError } from '../errors/hubvino-error.js';
import { formatDoctorReport, runDoctor } from './doctor.js';

const exitCodeHelp = `
Exit codes:
  0  success
  ${exitCodes.usage}  usage error (bad option or argument)
  ${exitCodes.artifact}  model artifact missing or corrupt
  ${exitCodes.runtime}  OpenVINO runtime error (the C API reported a failure)
  ${exitCodes.toolchain}  toolchain missing (OpenVINO not provisioned: run 'pnpm install')
  ${exitCodes.internal}  unexpected internal error`;

function fail(error: unknown, json: boolean): never {
  const code = HubvinoError.isInstance(error) ? error.code : 'ERR_INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  if (json) process.stdout.write(`${JSON.stringify({ error: { code, message } })}\n`);
  else process.stderr.write(`hubvino: ${message}\n`);
  process.exit(exitCodeFor(error));
}

const program = new Command()
  .name('hubvino')
  .description('Run OpenVINO models from Node.js (hubvino runtime)')
  .addHelpText('after', exitCodeHelp)
  .showHelpAfterError()
  .exitOverride((error) => {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') process.exit(0);
    // Commander already explained the mistake on stderr; with --json, stdout still gets one document.
    if (process.argv.includes('--json')) {
      const message = error.message.replace(/^error: /, '');
      process.stdout.write(`${JSON.stringify({ error: { code: 'ERR_USAGE', message } })}\n`);
    }
    process.exit(exitCodes.usage);
  });

program
  .command('doctor')
  .description('Check the OpenVINO installation: version and C library, devices, ovc, benchmark_app, TensorFlow')
  .option('--json', 'print one JSON document on stdout')
  .addHelpText('after', exitCodeHelp)
  .action((options: { json?: boolean }) => {
    const json = options.json === true;
    try {
      const report = runDoctor();
      process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorReport(report));
    } catch (error) {
      fail(error, json);
    }
  });

program.parse(process.argv);
