#!/usr/bin/env node
// Provisions the OpenVINO toolchain (the pinned `openvino` PyPI wheel) into a Python venv, and with
// --dev a second venv that adds the pinned TensorFlow (hubvino's own tests, fixtures, benchmarks only),
// and with --serving a third with OpenVINO and the pinned `kserve` wheel (a KServe v2 ModelServer for the
// remote engine's tests and bench; opt-in, never needed to run models in-process).
//
// Plain ESM with no dependencies: it runs as the hubvino workspace's postinstall, before anything is
// built, and `hubvino provision` (src/cli/provision-command.ts) calls `provision()` from it.
// Idempotent: a complete venv carries a marker with the pins it was built for; when the marker
// matches, nothing is spawned. A venv is built in a temporary folder beside its final place and
// renamed when complete, so an interrupted install never leaves a half-made toolchain behind.
//
// Where (the same rule as src/toolchain/toolchain-paths.ts; a test keeps them equal):
//   1. HUBVINO_TOOLCHAIN_DIR when set;
//   2. <workspace>/.toolchain when this file is part of a hubvino source checkout (a pnpm workspace,
//      and not installed under node_modules);
//   3. otherwise (installed from the registry) the user cache: $XDG_CACHE_HOME/hubvino/toolchain,
//      default ~/.cache/hubvino/toolchain. Never inside the consumer's own project, even when that
//      project is itself a pnpm workspace.
//
// Environment:
//   HUBVINO_TOOLCHAIN_DIR   where the venvs live (see above)
//   HUBVINO_PYTHON          the Python interpreter to build venvs with (default: python3, python)
//   HUBVINO_SKIP_PROVISION  set to 1 to skip (e.g. when HUBVINO_OPENVINO_LIB_DIR points elsewhere)
//
// and with --quantize a fourth with OpenVINO and the pinned `nncf` wheel (INT8 post-training quantization;
// provisioned on demand by `pnpm convert --quantize int8`).
//
// Usage: provision.mjs [--dev] [--serving] [--quantize] [--check] [--json] [--quiet]
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const MARKER = 'hubvino-toolchain.json';
const MARKER_SCHEMA = 1;
const here = dirname(fileURLToPath(import.meta.url));
const pins = JSON.parse(readFileSync(join(here, '..', 'toolchain.json'), 'utf8'));

/** Exit codes: 0 ok, 8 toolchain (matches the runtime's error categories). */
const EXIT_TOOLCHAIN = 8;

export class ProvisionError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'ProvisionError';
    this.code = code;
  }
}

/** The runtime package's folder with symlinks resolved (pnpm links packages from its store). */
function packageRealPath() {
  const root = resolve(here, '..');
  try {
    return realpathSync(root);
  } catch {
    return root;
  }
}

/**
 * The hubvino workspace this file belongs to, or undefined when the package was installed from a
 * registry (its real path runs through a node_modules folder) or no pnpm-workspace.yaml is above it.
 */
export function hubvinoWorkspaceRoot() {
  let directory = packageRealPath();
  if (directory.split(sep).includes('node_modules')) return undefined;
  for (;;) {
    if (existsSync(join(directory, 'pnpm-workspace.yaml'))) return directory;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/** The toolchain folder; the same rule as src/toolchain/toolchain-paths.ts (a test keeps them equal). */
export function toolchainDirectory(environment = process.env) {
  if (environment.HUBVINO_TOOLCHAIN_DIR) return resolve(environment.HUBVINO_TOOLCHAIN_DIR);
  const workspace = hubvinoWorkspaceRoot();
  if (workspace) return join(workspace, '.toolchain');
  const cache = environment.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'hubvino', 'toolchain');
}

/**
 * The command that provisions the toolchain, as the person who sees a message should type it: in the
 * hubvino workspace `pnpm install`; for a package installed by pnpm `pnpm exec hubvino provision`;
 * otherwise (npm, yarn) `npx @hubvino/runtime provision`. Same rule as src/toolchain/toolchain-paths.ts.
 */
export function provisionCommand() {
  if (hubvinoWorkspaceRoot()) return 'pnpm install';
  return packageRealPath().split(sep).includes('.pnpm')
    ? 'pnpm exec hubvino provision'
    : 'npx @hubvino/runtime provision';
}

export function venvNames() {
  const dev = pins.dev;
  return {
    base: `openvino-${pins.openvino}`,
    dev: `dev-openvino-${pins.openvino}-tensorflow-${dev['tensorflow-cpu']}`,
    serving: `serving-openvino-${pins.openvino}-kserve-${pins.serving.kserve}`,
    quantize: `quantize-openvino-${pins.openvino}-nncf-${pins.quantize.nncf}`,
  };
}

function requirementsFor(kind) {
  // The serving venv needs only OpenVINO and kserve (not the base venv's TF Lite interpreter).
  if (kind === 'serving') return [`openvino==${pins.openvino}`, `kserve==${pins.serving.kserve}`];
  // The quantize venv: OpenVINO and NNCF (post-training INT8 quantization), only when --quantize is asked for.
  if (kind === 'quantize') return [`openvino==${pins.openvino}`, `nncf==${pins.quantize.nncf}`];
  const base = [
    `openvino==${pins.openvino}`,
    ...Object.entries(pins.base ?? {})
      .filter(([name]) => !name.startsWith('$'))
      .map(([name, version]) => `${name}==${version}`),
  ];
  if (kind === 'base') return base;
  return [...base, ...Object.entries(pins.dev).map(([name, version]) => `${name}==${version}`)];
}

function readMarker(venv) {
  try {
    return JSON.parse(readFileSync(join(venv, MARKER), 'utf8'));
  } catch {
    return undefined;
  }
}

function markerMatches(marker, requirements) {
  return (
    marker !== undefined &&
    marker.schema === MARKER_SCHEMA &&
    JSON.stringify(marker.requirements) === JSON.stringify(requirements)
  );
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  return result;
}

function findPython(environment) {
  const candidates = environment.HUBVINO_PYTHON ? [environment.HUBVINO_PYTHON] : ['python3', 'python'];
  for (const candidate of candidates) {
    const probe = run(candidate, [
      '-c',
      'import sys, json; print(json.dumps({"version": list(sys.version_info[:3]), "executable": sys.executable}))',
    ]);
    if (probe.error || probe.status !== 0) continue;
    const info = JSON.parse(probe.stdout.trim());
    const [major, minor] = info.version;
    const [needMajor, needMinor] = pins.python.replace('>=', '').split('.').map(Number);
    if (major < needMajor || (major === needMajor && minor < needMinor)) {
      throw new ProvisionError(
        'ERR_PYTHON_TOO_OLD',
        `${candidate} is Python ${info.version.join('.')}; OpenVINO ${pins.openvino} needs Python ${pins.python}. Install a newer Python or point HUBVINO_PYTHON at one.`,
      );
    }
    const venvProbe = run(candidate, ['-c', 'import venv, ensurepip']);
    if (venvProbe.status !== 0) {
      throw new ProvisionError(
        'ERR_PYTHON_NO_VENV',
        `${candidate} (${info.executable}) has no working 'venv'/'ensurepip' module. On Debian/Ubuntu: apt-get install python3-venv; or point HUBVINO_PYTHON at a Python that has it.`,
      );
    }
    return { command: candidate, ...info };
  }
  throw new ProvisionError(
    'ERR_PYTHON_NOT_FOUND',
    `No Python interpreter found (tried ${candidates.join(', ')}). Install Python ${pins.python} with venv and pip, or set HUBVINO_PYTHON to its path.`,
  );
}

/** The index pip uses: PIP_INDEX_URL, else pip's configured index-url, else PyPI. */
function pipIndexUrl(venvPython) {
  if (process.env.PIP_INDEX_URL) return process.env.PIP_INDEX_URL;
  const configured = run(venvPython, ['-m', 'pip', 'config', 'get', 'global.index-url']);
  const value = configured.status === 0 ? configured.stdout.trim() : '';
  return value || 'https://pypi.org/simple/';
}

/** True when the package index answers at all (any HTTP status counts as reachable). */
function indexReachable(venvPython, indexUrl) {
  const probe = run(venvPython, [
    '-c',
    [
      'import sys, urllib.request, urllib.error',
      'try:',
      '  urllib.request.urlopen(sys.argv[1], timeout=10)',
      'except urllib.error.HTTPError:',
      '  pass',
      'except Exception as error:',
      '  print(error); sys.exit(1)',
    ].join('\n'),
    indexUrl,
  ]);
  return probe.status === 0;
}

function explainPipFailure(output, requirements, venvPython) {
  const text = output.slice(-4000);
  const networkWords =
    /Failed to establish a new connection|NewConnectionError|Temporary failure in name resolution|Network is unreachable|ConnectTimeout|ReadTimeout|Connection refused/i;
  const nothingFound = /No matching distribution found|from versions: none|is not a supported wheel/i.test(text);
  if (networkWords.test(text) || nothingFound) {
    const indexUrl = pipIndexUrl(venvPython);
    if (networkWords.test(text) || !indexReachable(venvPython, indexUrl)) {
      return new ProvisionError(
        'ERR_NO_NETWORK',
        `pip could not reach the package index ${indexUrl} to install ${requirements.join(' ')}. Check the network or proxy (PIP_INDEX_URL, HTTPS_PROXY), then run the install again.\n${text}`,
      );
    }
  }
  if (nothingFound) {
    return new ProvisionError(
      'ERR_NO_WHEEL',
      `The package index has no wheel of ${requirements.join(' ')} for this platform (${process.platform}-${process.arch}, this Python). Use a supported Python version/platform (HUBVINO_PYTHON), or set HUBVINO_OPENVINO_LIB_DIR to an existing OpenVINO install.\n${text}`,
    );
  }
  return new ProvisionError('ERR_PIP_FAILED', `pip install ${requirements.join(' ')} failed:\n${text}`);
}

function siteInfo(venvPython) {
  const probe = run(venvPython, [
    '-c',
    [
      'import json, os, sys, openvino',
      'root = os.path.dirname(openvino.__file__)',
      'info = {"openvino": openvino.__version__.split("-")[0], "python": ".".join(map(str, sys.version_info[:3])), "packageDirectory": root}',
      'try:',
      '  import importlib.metadata as m; info["tensorflow"] = m.version("tensorflow-cpu")',
      'except Exception: info["tensorflow"] = None',
      'print(json.dumps(info))',
    ].join('\n'),
  ]);
  if (probe.status !== 0) {
    throw new ProvisionError('ERR_VERIFY_FAILED', `The new venv cannot import openvino:\n${probe.stderr}`);
  }
  return JSON.parse(probe.stdout.trim());
}

function fixShebangs(binDirectory, from, to) {
  for (const name of readdirSync(binDirectory)) {
    const file = join(binDirectory, name);
    let stat;
    try {
      stat = statSync(file);
    } catch {
      continue;
    }
    if (!stat.isFile() || stat.size > 1_000_000) continue;
    const text = readFileSync(file, 'latin1');
    if (text.startsWith('#!') && text.includes(from)) {
      writeFileSync(file, text.split(from).join(to), 'latin1');
    }
  }
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Removes staging folders left by installs that were killed (their process is gone). */
function removeStaleStaging(directory, name) {
  if (!existsSync(directory)) return;
  const pattern = new RegExp(`^\\.${name.replace(/[.]/g, '\\.')}\\.tmp-(\\d+)-[0-9a-f]+$`);
  for (const entry of readdirSync(directory)) {
    const match = pattern.exec(entry);
    if (match && !processAlive(Number(match[1]))) rmSync(join(directory, entry), { recursive: true, force: true });
  }
}

function buildVenv(kind, directory, log) {
  const names = venvNames();
  const finalPath = join(directory, names[kind]);
  const requirements = requirementsFor(kind);
  const existing = readMarker(finalPath);
  if (markerMatches(existing, requirements)) return { path: finalPath, ...existing, reused: true };

  removeStaleStaging(directory, names[kind]);
  const python = findPython(process.env);
  mkdirSync(directory, { recursive: true });
  const staging = join(directory, `.${names[kind]}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const cleanup = () => rmSync(staging, { recursive: true, force: true });
  const onSignal = (signal) => {
    cleanup();
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    log(
      `hubvino: creating Python venv for ${requirements.join(' ')} (${python.executable}, Python ${python.version.join('.')})`,
    );
    const venv = run(python.command, ['-m', 'venv', staging]);
    if (venv.status !== 0) {
      throw new ProvisionError(
        'ERR_PYTHON_NO_VENV',
        `'${python.command} -m venv' failed. On Debian/Ubuntu: apt-get install python3-venv.\n${venv.stderr}`,
      );
    }
    const venvPython = join(staging, 'bin', 'python');
    const pip = run(
      venvPython,
      ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--progress-bar', 'off', ...requirements],
      { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 },
    );
    if (pip.error || pip.status !== 0) {
      throw explainPipFailure(`${pip.stdout ?? ''}\n${pip.stderr ?? ''}`, requirements, venvPython);
    }
    const info = siteInfo(venvPython);
    if (info.openvino !== pins.openvino) {
      throw new ProvisionError(
        'ERR_VERIFY_FAILED',
        `Installed openvino reports ${info.openvino}, expected ${pins.openvino}.`,
      );
    }
    const marker = {
      schema: MARKER_SCHEMA,
      requirements,
      openvino: info.openvino,
      tensorflow: info.tensorflow,
      python: info.python,
      // Relative to the venv root, so the marker stays true after the rename.
      packageDirectory: info.packageDirectory.slice(staging.length + 1),
      createdAt: new Date().toISOString(),
    };
    writeFileSync(join(staging, MARKER), `${JSON.stringify(marker, null, 2)}\n`);
    if (existsSync(finalPath)) {
      if (markerMatches(readMarker(finalPath), requirements)) {
        // Another install finished first; keep its venv.
        cleanup();
        return { path: finalPath, ...readMarker(finalPath), reused: true };
      }
      rmSync(finalPath, { recursive: true, force: true });
    }
    renameSync(staging, finalPath);
    // Console scripts carry the staging path in their shebang; hubvino runs them through the venv's
    // python, but a person may call bin/ovc directly.
    fixShebangs(join(finalPath, 'bin'), staging, finalPath);
    return { path: finalPath, ...marker, reused: false };
  } catch (error) {
    cleanup();
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * Provisions (or with `check`, only verifies) the base toolchain, and with `dev` the dev toolchain.
 * Returns `{ directory, base, dev? }`, each venv as `{ path, openvino, python, reused, ... }`.
 * Throws ProvisionError (`code`: ERR_PYTHON_NOT_FOUND, ERR_NO_NETWORK, ERR_NOT_PROVISIONED, ...).
 */
export function provision({
  dev = false,
  serving = false,
  quantize = false,
  check = false,
  log = () => {},
  environment = process.env,
} = {}) {
  const directory = toolchainDirectory(environment);
  const kinds = ['base', ...(dev ? ['dev'] : []), ...(serving ? ['serving'] : []), ...(quantize ? ['quantize'] : [])];
  const results = { directory };
  for (const kind of kinds) {
    if (check) {
      const path = join(directory, venvNames()[kind]);
      const marker = readMarker(path);
      if (!markerMatches(marker, requirementsFor(kind))) {
        const command =
          kind === 'dev' && hubvinoWorkspaceRoot()
            ? 'pnpm setup:dev'
            : kind === 'serving' && hubvinoWorkspaceRoot()
              ? 'pnpm setup:serving'
              : kind === 'quantize'
                ? hubvinoWorkspaceRoot()
                  ? 'pnpm setup:quantize'
                  : `${provisionCommand()} --quantize`
                : provisionCommand();
        throw new ProvisionError('ERR_NOT_PROVISIONED', `${path} is missing or incomplete; run: ${command}`);
      }
      results[kind] = { path, ...marker, reused: true };
      continue;
    }
    const started = Date.now();
    results[kind] = buildVenv(kind, directory, log);
    if (!results[kind].reused) {
      log(
        `hubvino: ${kind} toolchain ready at ${results[kind].path} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
    }
  }
  return results;
}

function main(argv) {
  const flags = new Set(argv);
  const json = flags.has('--json');
  const quiet = flags.has('--quiet') || json;
  const log = (line) => {
    if (!quiet) process.stderr.write(`${line}\n`);
  };
  if (process.env.HUBVINO_SKIP_PROVISION === '1' && !flags.has('--check')) {
    log('hubvino: HUBVINO_SKIP_PROVISION=1, not provisioning the OpenVINO toolchain');
    return 0;
  }
  let results;
  try {
    results = provision({
      dev: flags.has('--dev'),
      serving: flags.has('--serving'),
      quantize: flags.has('--quantize'),
      check: flags.has('--check'),
      log,
    });
  } catch (error) {
    const code = error.code ?? 'ERR_PROVISION';
    if (json) process.stdout.write(`${JSON.stringify({ error: { code, message: error.message } })}\n`);
    else process.stderr.write(`hubvino: toolchain provisioning failed [${code}]: ${error.message}\n`);
    return EXIT_TOOLCHAIN;
  }
  if (json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else log(`hubvino: OpenVINO ${pins.openvino} toolchain in ${results.directory}`);
  return 0;
}

/** True when this file is the script node was started with, also through a symlink (.bin links, pnpm). */
function invokedDirectly() {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(resolve(process.argv[1])) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  process.exitCode = main(process.argv.slice(2));
}
