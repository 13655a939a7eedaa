import { spawn } from 'node:child_process';

/** What a finished child process left: its exit code and everything it printed. */
export interface CapturedProcess {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runCaptured}. */
export interface RunCapturedOptions {
  cwd?: string;
  /** Added to (and overriding) the parent's environment. */
  environment?: Record<string, string>;
  /** Kills the child when aborted; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Kills the child (SIGTERM) after this many milliseconds. */
  timeoutMs?: number;
}

/**
 * Runs a process to its end, collecting stdout and stderr. Resolves with the exit code (null when
 * killed), also for a non-zero exit; rejects when the process cannot start, or with the signal's
 * reason (e.g. the CLI's InterruptedError) when `signal` aborted it.
 */
export function runCaptured(
  command: string,
  args: readonly string[],
  options: RunCapturedOptions = {},
): Promise<CapturedProcess> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.environment },
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('error', (error) => reject(options.signal?.aborted ? options.signal.reason : error));
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}
