#!/usr/bin/env node
// Runs a workspace CLI from the root (`pnpm convert ...`, `pnpm hubvino ...`): builds the package and
// what it depends on through turbo (cached; its output goes to stderr so that `--json` keeps stdout
// to one JSON document), then runs the CLI with the remaining arguments and its exit code.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [packageName, entry, ...args] = process.argv.slice(2);
if (!packageName || !entry) {
  process.stderr.write('usage: run-cli.mjs <package> <entry.js> [arguments...]\n');
  process.exit(2);
}
const turbo = join(root, 'node_modules', '.bin', 'turbo');
const build = spawnSync(
  turbo,
  ['run', 'build', `--filter=${packageName}...`, '--output-logs=errors-only', '--log-prefix=none'],
  {
    cwd: root,
    stdio: ['ignore', 2, 2],
    env: { ...process.env, TURBO_NO_UPDATE_NOTIFIER: '1', TURBO_TELEMETRY_DISABLED: '1' },
  },
);
if (build.status !== 0) {
  process.stderr.write(`hubvino: building ${packageName} failed (exit ${build.status ?? build.signal})\n`);
  process.exit(1);
}
const result = spawnSync(process.execPath, [join(root, entry), ...args], {
  stdio: 'inherit',
  cwd: process.env.INIT_CWD ?? process.cwd(),
});
process.exit(result.status ?? 1);
