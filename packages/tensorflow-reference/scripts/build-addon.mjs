#!/usr/bin/env node
// Builds @tensorflow/tfjs-node's native addon (tfjs_binding.node) from the C++ sources that ship in
// its npm package, against the libtensorflow of the pinned tensorflow-cpu wheel in the dev toolchain
// (`pnpm setup:dev`). tfjs-node's own install script would download libtensorflow from a host that
// is not a package registry; pnpm-workspace.yaml keeps it from running.
//
// - Where: the addon goes where tfjs-node looks for it (node-pre-gyp's `find`, lib/napi-v8/), with
//   an absolute run path to the wheel's libraries (no LD_LIBRARY_PATH, no copies of libtensorflow).
// - Idempotent: a stamp next to the addon records what it was built from (TensorFlow folder and
//   version, tfjs-node version, sources); when it still matches, nothing is rebuilt (fast path).
// - Atomic: the addon is copied under a temporary name, then renamed; the stamp is written last.
// - Checked: after a build, a child process loads tfjs-node and compares TF_Version with the wheel.
//
// Usage: build-addon.mjs [--force] [--json] [--quiet]
// Exit codes: 0 built or already up to date; 8 (toolchain) on any failure, with the fix on stderr
// (or {"error":{"code","message"}} on stdout with --json).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXIT_TOOLCHAIN = 8;
const STAMP_SCHEMA = 1;
const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = resolve(here, '..');
const nativeDirectory = join(packageRoot, 'native');
const provisionScript = resolve(packageRoot, '..', 'runtime', 'scripts', 'provision.mjs');
const requireHere = createRequire(join(packageRoot, 'package.json'));

class BuildError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/** The dev toolchain's TensorFlow package folder, as provisioned by `pnpm setup:dev`. */
export function findTensorFlow() {
  const result = spawnSync(process.execPath, [provisionScript, '--dev', '--check', '--json'], { encoding: 'utf8' });
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    throw new BuildError(
      'ERR_TENSORFLOW_NOT_FOUND',
      `could not ask ${provisionScript} where the dev toolchain is (exit ${result.status}): ${result.stderr.trim()}`,
    );
  }
  if (report.error || !report.dev?.tensorflow) {
    throw new BuildError(
      'ERR_TENSORFLOW_NOT_FOUND',
      `the dev toolchain with TensorFlow is not provisioned (${report.error?.message ?? 'no TensorFlow in it'}). Run 'pnpm setup:dev' first.`,
    );
  }
  const directory = join(report.dev.path, dirname(report.dev.packageDirectory), 'tensorflow');
  const needed = ['libtensorflow_cc.so.2', 'libtensorflow_framework.so.2', 'include/tensorflow/c/c_api.h'];
  const missing = needed.filter((file) => !existsSync(join(directory, file)));
  if (missing.length > 0) {
    throw new BuildError(
      'ERR_TENSORFLOW_INCOMPLETE',
      `the TensorFlow wheel at ${directory} lacks ${missing.join(', ')}. Delete ${report.dev.path} and run 'pnpm setup:dev'.`,
    );
  }
  return { directory: realpathSync(directory), version: report.dev.tensorflow };
}

/** tfjs-node's package folder and the exact path at which it loads its addon. */
export function findTfjsNode() {
  let packageJson;
  try {
    packageJson = realpathSync(requireHere.resolve('@tensorflow/tfjs-node/package.json'));
  } catch {
    throw new BuildError(
      'ERR_TFJS_NODE_NOT_INSTALLED',
      `@tensorflow/tfjs-node is not installed in ${packageRoot}/node_modules. Run 'pnpm install' in the workspace.`,
    );
  }
  const directory = dirname(packageJson);
  const version = JSON.parse(readFileSync(packageJson, 'utf8')).version;
  // The same lookup tfjs-node's dist/index.js does, so the addon lands exactly where it is loaded from.
  const preGyp = createRequire(packageJson)('@mapbox/node-pre-gyp');
  const bindingPath = preGyp.find(packageJson);
  return { directory, version, bindingPath };
}

function sourcesDigest(tfjsNodeDirectory) {
  const hash = createHash('sha256');
  for (const file of [
    join(nativeDirectory, 'binding.gyp'),
    join(tfjsNodeDirectory, 'binding', 'tfjs_backend.cc'),
    join(tfjsNodeDirectory, 'binding', 'tfjs_binding.cc'),
  ]) {
    hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}

function stampPath(bindingPath) {
  return `${bindingPath}.hubvino.json`;
}

function readStamp(bindingPath) {
  try {
    return JSON.parse(readFileSync(stampPath(bindingPath), 'utf8'));
  } catch {
    return undefined;
  }
}

function stampMatches(stamp, wanted) {
  return (
    stamp !== undefined &&
    stamp.schema === wanted.schema &&
    stamp.tensorflowDirectory === wanted.tensorflowDirectory &&
    stamp.tensorflowVersion === wanted.tensorflowVersion &&
    stamp.tfjsNodeVersion === wanted.tfjsNodeVersion &&
    stamp.sources === wanted.sources
  );
}

/** node-gyp needs Node's headers; it must never download them (no registry serves them). */
function nodeHeadersDirectory() {
  const candidates = [process.env.npm_config_nodedir, resolve(dirname(process.execPath), '..')].filter(Boolean);
  for (const candidate of candidates) {
    if (existsSync(join(candidate, 'include', 'node', 'node_api.h'))) return candidate;
  }
  throw new BuildError(
    'ERR_NODE_HEADERS_NOT_FOUND',
    `Node.js headers (include/node/node_api.h) not found under ${candidates.join(' or ')}. Install the headers of this Node.js (Debian: apt-get install libnode-dev, or a Node.js tarball) and set npm_config_nodedir to its prefix.`,
  );
}

function runNodeGyp(tensorflowDirectory, log) {
  const nodeGyp = requireHere.resolve('node-gyp/bin/node-gyp.js');
  const args = [
    nodeGyp,
    'rebuild',
    `--nodedir=${nodeHeadersDirectory()}`,
    '--jobs=max',
    '--',
    `-Dtensorflow_dir=${tensorflowDirectory}`,
  ];
  log(`tensorflow-reference: node-gyp ${args.slice(1).join(' ')}`);
  const result = spawnSync(process.execPath, args, { cwd: nativeDirectory, encoding: 'utf8' });
  if (result.status !== 0) {
    const output = `${result.stdout}\n${result.stderr}`
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('gyp info'))
      .slice(-40)
      .join('\n');
    throw new BuildError(
      'ERR_ADDON_BUILD_FAILED',
      `node-gyp could not build tfjs_binding.node (exit ${result.status}). It needs python3, make and a C++17 compiler (Debian: apt-get install build-essential python3).\n${output}`,
    );
  }
  const built = join(nativeDirectory, 'build', 'Release', 'tfjs_binding.node');
  if (!existsSync(built)) throw new BuildError('ERR_ADDON_BUILD_FAILED', `node-gyp succeeded but ${built} is missing`);
  return built;
}

/** Loads tfjs-node in a child process: proves the addon, its run path and libtensorflow work together. */
function verifyLoads(tfjsNodeDirectory, expectedVersion) {
  const script = `const tf = require(${JSON.stringify(tfjsNodeDirectory)}); process.stdout.write(JSON.stringify({ tf: tf.backend().binding.TF_Version, product: tf.matMul(tf.tensor2d([[1,2],[3,4]]), tf.tensor2d([[5],[6]])).dataSync()[1] }));`;
  const result = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
  });
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    throw new BuildError(
      'ERR_ADDON_LOAD_FAILED',
      `the built addon does not load (exit ${result.status}):\n${result.stderr.trim().split('\n').slice(-15).join('\n')}`,
    );
  }
  if (report.tf !== expectedVersion || report.product !== 39) {
    throw new BuildError(
      'ERR_ADDON_LOAD_FAILED',
      `the built addon reports TensorFlow ${report.tf} (expected ${expectedVersion}) and computed ${report.product} for a 2x2 by 2x1 matmul (expected 39)`,
    );
  }
  return report.tf;
}

/**
 * Builds the addon unless an up-to-date one is in place.
 * @returns {{ bindingPath: string, tensorflowDirectory: string, tensorflowVersion: string, tfjsNodeVersion: string, built: boolean, seconds: number }}
 */
export function buildAddon({ force = false, log = () => {} } = {}) {
  const started = Date.now();
  const tensorflow = findTensorFlow();
  const tfjsNode = findTfjsNode();
  const wanted = {
    schema: STAMP_SCHEMA,
    tensorflowDirectory: tensorflow.directory,
    tensorflowVersion: tensorflow.version,
    tfjsNodeVersion: tfjsNode.version,
    sources: sourcesDigest(tfjsNode.directory),
  };
  const summary = {
    bindingPath: tfjsNode.bindingPath,
    tensorflowDirectory: tensorflow.directory,
    tensorflowVersion: tensorflow.version,
    tfjsNodeVersion: tfjsNode.version,
  };
  if (!force && existsSync(tfjsNode.bindingPath) && stampMatches(readStamp(tfjsNode.bindingPath), wanted)) {
    return { ...summary, built: false, seconds: (Date.now() - started) / 1000 };
  }
  log(
    `tensorflow-reference: building tfjs-node ${tfjsNode.version}'s addon against TensorFlow ${tensorflow.version} (${tensorflow.directory})`,
  );
  const built = runNodeGyp(tensorflow.directory, log);
  mkdirSync(dirname(tfjsNode.bindingPath), { recursive: true });
  rmSync(stampPath(tfjsNode.bindingPath), { force: true });
  const staging = `${tfjsNode.bindingPath}.${process.pid}.tmp`;
  copyFileSync(built, staging);
  renameSync(staging, tfjsNode.bindingPath);
  verifyLoads(tfjsNode.directory, tensorflow.version);
  const stagingStamp = `${stampPath(tfjsNode.bindingPath)}.${process.pid}.tmp`;
  writeFileSync(stagingStamp, `${JSON.stringify({ ...wanted, builtAt: new Date().toISOString() }, null, 2)}\n`);
  renameSync(stagingStamp, stampPath(tfjsNode.bindingPath));
  return { ...summary, built: true, seconds: (Date.now() - started) / 1000 };
}

function main(argv) {
  const flags = new Set(argv);
  const json = flags.has('--json');
  const quiet = flags.has('--quiet') || json;
  const log = (line) => {
    if (!quiet) process.stderr.write(`${line}\n`);
  };
  try {
    const result = buildAddon({ force: flags.has('--force'), log });
    if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else if (result.built) log(`tensorflow-reference: built ${result.bindingPath} in ${result.seconds.toFixed(1)} s`);
    else log(`tensorflow-reference: tfjs-node addon up to date (TensorFlow ${result.tensorflowVersion})`);
    return 0;
  } catch (error) {
    const code = error.code ?? 'ERR_ADDON_BUILD_FAILED';
    if (json) process.stdout.write(`${JSON.stringify({ error: { code, message: error.message } })}\n`);
    else
      process.stderr.write(`tensorflow-reference: building the TensorFlow addon failed [${code}]: ${error.message}\n`);
    return EXIT_TOOLCHAIN;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
