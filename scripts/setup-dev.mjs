#!/usr/bin/env node
// `pnpm setup:dev` (also the first step of `pnpm test`): the dev toolchain — the venv with TensorFlow
// (packages/runtime/scripts/provision.mjs --dev), the quantize venv with NNCF (--quantize), the serving venv with the `kserve` wheel (--serving,
// for the remote engine's tests against a real KServe v2 server) and tfjs-node's addon compiled against it
// (packages/tensorflow-reference/scripts/build-addon.mjs). Both are quick when already done.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const steps = [
  // --serving adds the kserve venv: the remote engine's tests start a real KServe v2 ModelServer.
  {
    what: 'provisioning the dev and serving toolchains',
    script: 'packages/runtime/scripts/provision.mjs',
    // --quantize adds the NNCF venv: the converter's INT8 quantization tests and the bench's INT8 rows.
    args: ['--dev', '--serving', '--quantize'],
  },
  {
    what: "building tfjs-node's addon against the dev toolchain's TensorFlow",
    script: 'packages/tensorflow-reference/scripts/build-addon.mjs',
    args: [],
  },
];

/** Runs the set-up steps in order; returns undefined when all succeeded, else what failed. */
export function setUpDevToolchain() {
  for (const step of steps) {
    const result = spawnSync(process.execPath, [join(root, step.script), ...step.args], {
      cwd: root,
      stdio: 'inherit',
    });
    if (result.status !== 0) return `${step.what} failed (see above)`;
  }
  return undefined;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const failure = setUpDevToolchain();
  if (failure) {
    process.stderr.write(`setup:dev: ${failure}\n`);
    process.exit(1);
  }
}
