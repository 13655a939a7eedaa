#!/usr/bin/env node
// `prepack` of every publishable package (run by `pnpm pack`, `pnpm publish` and so `changeset publish`,
// in the package's folder): builds the workspace packages it depends on (turbo, cached), then builds the
// package itself from scratch — dist/ removed first, so nothing stale from an old build is packed, and
// without source maps, since the sources are not shipped — and checks that every file package.json
// points at (exports, bin, listed files) exists. Any failure stops the pack or publish.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packageDirectory = process.cwd();
const manifest = JSON.parse(readFileSync(join(packageDirectory, 'package.json'), 'utf8'));

function fail(message) {
  process.stderr.write(`prepack ${manifest.name}: ${message}\n`);
  process.exit(1);
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, {
    cwd,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1' },
  });
  if (result.status !== 0) fail(`${[command, ...args].join(' ')} failed (exit ${result.status ?? result.signal})`);
}

run(
  join(root, 'node_modules', '.bin', 'turbo'),
  ['run', 'build', `--filter=${manifest.name}^...`, '--output-logs=errors-only', '--log-prefix=none'],
  root,
);
rmSync(join(packageDirectory, 'dist'), { recursive: true, force: true });
run(
  join(root, 'node_modules', '.bin', 'tsc'),
  ['-p', 'tsconfig.build.json', '--sourceMap', 'false', '--declarationMap', 'false'],
  packageDirectory,
);

/** Every path package.json names: exports targets (all conditions), bin targets, plain `files` entries. */
function namedPaths() {
  const paths = [];
  const visit = (value) => {
    if (typeof value === 'string') paths.push(value);
    else if (value && typeof value === 'object') for (const inner of Object.values(value)) visit(inner);
  };
  visit(manifest.exports);
  visit(manifest.bin);
  if (manifest.main) paths.push(manifest.main);
  if (manifest.types) paths.push(manifest.types);
  for (const entry of manifest.files ?? []) if (!entry.startsWith('!') && !entry.includes('*')) paths.push(entry);
  return paths;
}

const missing = namedPaths().filter((path) => !existsSync(join(packageDirectory, path)));
if (missing.length > 0) fail(`package.json names files that the build did not make: ${missing.join(', ')}`);
// A bin is a plain script that imports the build: check what it imports too.
for (const bin of Object.values(typeof manifest.bin === 'string' ? { bin: manifest.bin } : (manifest.bin ?? {}))) {
  const source = readFileSync(join(packageDirectory, bin), 'utf8');
  for (const [, target] of source.matchAll(/(?:import|from)\s+['"](\.[^'"]+)['"]/g)) {
    if (!existsSync(join(packageDirectory, dirname(bin), target))) fail(`${bin} imports ${target}, which is missing`);
  }
}
process.stderr.write(`prepack ${manifest.name}: built dist/ from scratch\n`);
