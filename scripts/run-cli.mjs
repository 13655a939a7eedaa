#!/usr/bin/env node
// Runs a workspace CLI from the root (`pnpm convert ...`, `pnpm hubvino ...`): builds the package and
// what it depends on through turbo (cached; its output is shown only when the build fails, on stderr,
// so that `--json` keeps stdout to one JSON document), then runs the CLI with the remaining arguments and its exit code.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Builds `packageName` (and its workspace dependencies) if needed, then runs `entry` with `args`.
 * Exits the process with the CLI's exit code.
 */
export function runCli(packageName, entry, args) {
  const turbo = join(root, 'node_modules', '.bin', 'turbo');
  const build = spawnSync(
    turbo,
    ['run', 'build', `--filter=${packageName}...`, '--output-logs=errors-only', '--log-prefix=none'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      env: { ...process.env, TURBO_NO_UPDATE_NOTIFIER: '1', TURBO_TELEMETRY_DISABLED: '1' },
    },
  );
  if (build.status !== 0) {
    process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}`);
    process.stderr.write(`hubvino: building ${packageName} failed (exit ${build.status ?? build.signal})\n`);
    process.exit(1);
  }
  const result = spawnSync(process.execPath, [join(root, entry), ...args], {
    stdio: 'inherit',
    cwd: process.cwd(),
  });
  process.exit(result.status ?? 1);
}
