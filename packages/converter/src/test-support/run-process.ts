import { join } from 'node:path';
import { type CapturedProcess, runCaptured } from '../process/run-captured.js';
import { workspaceDirectory } from './workspace-paths.js';

/** What a finished child process left: its exit code and everything it printed. */
export type ProcessResult = CapturedProcess;

/** Runs a real process to its end, collecting stdout and stderr (never rejects on a non-zero exit). */
export const runProcess = runCaptured;

/** Runs the built converter CLI (`bin/hubvino-convert.js`) with `args`. */
export function runConverterCli(
  args: readonly string[],
  environment: Record<string, string> = {},
): Promise<ProcessResult> {
  return runProcess(
    process.execPath,
    [join(workspaceDirectory, 'packages/converter/bin/hubvino-convert.js'), ...args],
    {
      environment,
    },
  );
}

/** Runs an ES module snippet in a fresh Node process (`node --input-type=module -e`), with `args` as process.argv[1...]. */
export function runModuleScript(script: string, args: readonly string[]): Promise<ProcessResult> {
  return runProcess(process.execPath, ['--input-type=module', '-e', script, ...args]);
}
