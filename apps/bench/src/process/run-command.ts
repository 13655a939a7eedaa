import { spawn } from 'node:child_process';

/** What a finished child process left behind. */
export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit, in milliseconds. */
  wallMs: number;
}

/** Options for {@link runCommand}. */
export interface RunCommandOptions {
  cwd?: string;
  environment?: NodeJS.ProcessEnv;
  /** Kills the child after this many milliseconds (default 10 minutes). */
  timeoutMs?: number;
}

/**
 * Spawns `command` with `args` (no shell), collects its output and measures its wall time. Resolves
 * with a non-zero `exitCode` rather than rejecting; rejects only when the command cannot start.
 */
export function runCommand(command: string, args: string[], options: RunCommandOptions = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.environment ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        exitCode: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        wallMs: performance.now() - started,
      });
    });
  });
}
