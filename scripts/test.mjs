#!/usr/bin/env node
// `pnpm test`: installs (as root, apt-get) or names the system tools the tests need (make, g++,
// Chromium: scripts/test-prerequisites.mjs), provisions the dev toolchain (TensorFlow for fixtures) and builds tfjs-node's addon
// against it (packages/tensorflow-reference), runs every package's tests
// through turbo (all packages, even after a failure), then prints the totals over all packages as
// one plain line `N passed, N failed`. Exits non-zero when a test failed, a package produced no
// results, or no test ran at all.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setUpDevToolchain } from './setup-dev.mjs';
import { ensureTestPrerequisites } from './test-prerequisites.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Every workspace package with a `test` script: each must leave a vitest report. */
const packages = ['packages', 'apps'].flatMap((folder) =>
  readdirSync(join(root, folder), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${folder}/${entry.name}`)
    .filter((pkg) => {
      const manifest = join(root, pkg, 'package.json');
      return existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test !== undefined;
    }),
);
const extraArgs = process.argv.slice(2);

for (const pkg of packages) rmSync(join(root, pkg, 'test-results'), { recursive: true, force: true });

const missing = ensureTestPrerequisites();
if (missing) {
  console.error(`test: ${missing}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const setUpFailure = setUpDevToolchain();
if (setUpFailure) {
  console.error(`test: ${setUpFailure}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const turbo = spawnSync(
  join(root, 'node_modules/.bin/turbo'),
  ['run', 'test', '--continue', '--concurrency=1', ...extraArgs],
  {
    cwd: root,
    stdio: 'inherit',
  },
);

let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];
for (const pkg of packages) {
  const file = join(root, pkg, 'test-results', 'vitest.json');
  if (!existsSync(file)) {
    problems.push(`${pkg}: no test results (the test run crashed or did not start)`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0);
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  console.error(
    `test: ${pkg}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numFailedTestSuites} failed files, ${report.numPendingTests} skipped`,
  );
}
for (const problem of problems) console.error(`test: ${problem}`);
if (passed + failed === 0) {
  console.error('test: no test ran');
  failed = 1;
}
if (turbo.status !== 0 && failed === 0) {
  console.error(`test: turbo exited ${turbo.status} although every test passed (a build or a test runner failed)`);
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
