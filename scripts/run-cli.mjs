#!/usr/bin/env node
// Runs a workspace CLI from the root (`pnpm convert ...`, `pnpm hubvino ...`): builds the package and
// what it depends on through turbo (cached; its output is shown only when the build fails, on stderr,
// so that `--json` keeps stdout to one JSON document), then runs the CLI with the remaining arguments and its exit code.
//
// Both steps run as asynchronous children so that this process stays responsive: SIGINT, SIGTERM
// and SIGHUP are passed on to the running child (a blocked parent that dies leaves its child
// running unseen). With `parentChannel`, the CLI also gets an IPC channel that tells it when this
// process is gone even if it was SIGKILLed (the converter treats that as SIGTERM; a CLI given one
// must unref it, or it would keep the CLI alive).
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const forwardedSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** The child running now, if any. */
let current;
/** Set once our own parent is gone. */
let orphaned = false;

// pnpm does not pass SIGTERM on to the commands it runs: it exits and leaves them running. Our
// parent changing means whoever started us is gone, so the running child is stopped as if by SIGTERM.
const parentAtStart = process.ppid;
const parentWatch = setInterval(() => {
  if (process.ppid === parentAtStart) return;
  clearInterval(parentWatch);
  orphaned = true;
  if (current && current.exitCode === null && current.signalCode === null) current.kill('SIGTERM');
}, 250);
parentWatch.unref();

/** The exit code for a child that ended with `code` or `signal`. */
function exitCodeOf(code, signal) {
  return code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1);
}

/** Runs a child, passing this process's signals on to it; resolves with how it ended and what it printed. */
function runChild(command, args, options) {
  return new Promise((resolve) => {
    const child = spawn(command, args, options);
    current = child;
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    const forward = (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    for (const signal of forwardedSignals) process.on(signal, forward);
    const finish = (code, signal, error) => {
      for (const name of forwardedSignals) process.off(name, forward);
      resolve({ code, signal, output, error });
    };
    child.on('error', (error) => finish(null, null, error));
    child.on('exit', (code, signal) => finish(code, signal, undefined));
  });
}

/**
 * Builds `packageName` (and its workspace dependencies) if needed, then runs `entry` with `args`.
 * Exits the process with the CLI's exit code.
 * @param {{ parentChannel?: boolean }} [options]
 */
export async function runCli(packageName, entry, args, options = {}) {
  const turbo = join(root, 'node_modules', '.bin', 'turbo');
  const build = await runChild(
    turbo,
    ['run', 'build', `--filter=${packageName}...`, '--output-logs=errors-only', '--log-prefix=none'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TURBO_NO_UPDATE_NOTIFIER: '1', TURBO_TELEMETRY_DISABLED: '1' },
    },
  );
  if (build.signal) process.exit(exitCodeOf(null, build.signal));
  if (orphaned) process.exit(exitCodeOf(null, 'SIGTERM'));
  if (build.code !== 0) {
    process.stderr.write(build.output);
    process.stderr.write(
      `hubvino: building ${packageName} failed (${build.error ? build.error.message : `exit ${build.code}`})\n`,
    );
    process.exit(1);
  }
  const result = await runChild(process.execPath, [join(root, entry), ...args], {
    stdio: options.parentChannel ? ['inherit', 'inherit', 'inherit', 'ipc'] : 'inherit',
    cwd: process.cwd(),
  });
  if (result.error) {
    process.stderr.write(`hubvino: cannot start ${entry}: ${result.error.message}\n`);
    process.exit(1);
  }
  process.exit(exitCodeOf(result.code, result.signal));
}
