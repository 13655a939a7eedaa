import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { workspaceDirectory } from './workspace-paths.js';

/** What a finished child process left: its exit code and everything it printed. */
export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a real process to its end, collecting stdout and stderr (never rejects on a non-zero exit). */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { cwd?: string; environment?: Record<string, string> } = {},
): Promise<ProcessResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      env: { ...process.env, ...options.environment },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

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
