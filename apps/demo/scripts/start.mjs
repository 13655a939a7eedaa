#!/usr/bin/env node
// `pnpm --filter demo start [command] [options]`: builds the demo and what it depends on through turbo
// (cached; turbo's output goes to stderr so that `classify --json` keeps stdout to one JSON document),
// then runs dist/main.js with the remaining arguments from the directory pnpm was invoked in.
// SIGINT/SIGTERM are forwarded to the demo so that it can shut down gracefully (dispose its models).
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDirectory = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(appDirectory, '..', '..');
const turbo = join(root, 'node_modules', '.bin', 'turbo');

const build = spawnSync(turbo, ['run', 'build', '--filter=demo...', '--output-logs=errors-only', '--log-prefix=none'], {
  cwd: root,
  stdio: ['ignore', 2, 2],
  env: { ...process.env, TURBO_NO_UPDATE_NOTIFIER: '1', TURBO_TELEMETRY_DISABLED: '1' },
});
if (build.status !== 0) {
  process.stderr.write(`demo: building the demo and its packages failed (exit ${build.status ?? build.signal})\n`);
  process.exit(1);
}

const child = spawn(process.execPath, [join(appDirectory, 'dist', 'main.js'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: process.env.INIT_CWD ?? process.cwd(),
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    // The demo handles the signal itself; a terminal's Ctrl+C reaches both processes already.
    if (child.exitCode === null) child.kill(signal);
  });
}
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1));
});
