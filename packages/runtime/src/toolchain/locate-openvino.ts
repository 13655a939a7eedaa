import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ToolchainError } from '../errors/toolchain-error.js';
import {
  cliCommand,
  hubvinoWorkspaceRoot,
  provisionCommand,
  provisionScriptPath,
  toolchainDirectory,
  toolchainPins,
  venvNames,
} from './toolchain-paths.js';

/** A command to spawn: `command` followed by `args`, then the tool's own arguments. */
export interface ToolCommand {
  command: string;
  args: string[];
}

/** Where the OpenVINO distribution lives. Everything that needs OpenVINO asks for this. */
export interface OpenVinoDistribution {
  /** OpenVINO version from the provisioned wheel (e.g. `2026.4.1`), or `unknown` for overrides. */
  version: string;
  /** Folder with `libopenvino_c`, its plugins and frontends. */
  libraryDirectory: string;
  /** Full path of the C API library. */
  cLibraryPath: string;
  /** Folder with `openvino/c/*.h`, when known. */
  includeDirectory: string | undefined;
  /** The `ovc` converter. */
  ovc: ToolCommand | undefined;
  /** OpenVINO's `benchmark_app`. */
  benchmarkApp: ToolCommand | undefined;
  /** The venv's Python (with the `openvino` module), when provisioned. */
  python: string | undefined;
  /** The provisioned venv, when used. */
  venv: string | undefined;
  /** How it was found: `environment` (HUBVINO_OPENVINO_LIB_DIR) or `provisioned`. */
  foundBy: 'environment' | 'provisioned';
}

/** The dev toolchain: OpenVINO + TensorFlow + Pillow in one venv (tests, fixtures, benchmarks). */
export interface DevToolchain {
  python: string;
  venv: string;
  tensorflowVersion: string;
  openvinoVersion: string;
  /** site-packages/tensorflow: holds libtensorflow_cc.so.2, libtensorflow_framework.so.2, headers. */
  tensorflowDirectory: string;
}

interface Marker {
  openvino: string;
  tensorflow: string | null;
  packageDirectory: string;
  /** The pip requirements the venv was built for, e.g. `["openvino==2026.4.1", "kserve==0.21.0"]`. */
  requirements?: string[];
}

function readMarker(venv: string): Marker | undefined {
  try {
    return JSON.parse(readFileSync(join(venv, 'hubvino-toolchain.json'), 'utf8')) as Marker;
  } catch {
    return undefined;
  }
}

function findCLibrary(directory: string): string | undefined {
  if (!existsSync(directory)) return undefined;
  const names = readdirSync(directory);
  const patterns = [/^libopenvino_c\.so(\.\d+)*$/, /^libopenvino_c(\.\d+)*\.dylib$/, /^openvino_c\.dll$/];
  for (const pattern of patterns) {
    const match = names.filter((name) => pattern.test(name)).sort((a, b) => a.length - b.length)[0];
    if (match) return join(directory, match);
  }
  return undefined;
}

/** A console script in a venv, run through the venv's python so that a moved venv keeps working. */
function venvTool(venv: string, name: string): ToolCommand | undefined {
  const script = join(venv, 'bin', name);
  if (!existsSync(script)) return undefined;
  return { command: join(venv, 'bin', 'python'), args: [script] };
}

function toolFromEnvironment(value: string | undefined): ToolCommand | undefined {
  return value ? { command: value, args: [] } : undefined;
}

let cached: OpenVinoDistribution | undefined;

/**
 * `HUBVINO_AUTO_PROVISION=1`: runs the provisioning script (the same as `hubvino provision`) in a child
 * process, blocking until the venv is complete (about 20 s and 280 MB the first time).
 */
function autoProvision(environment: NodeJS.ProcessEnv, directory: string): void {
  process.stderr.write(
    `hubvino: HUBVINO_AUTO_PROVISION=1: provisioning OpenVINO ${toolchainPins().openvino} into ${directory} (once, about 280 MB from PyPI)\n`,
  );
  const child = spawnSync(process.execPath, [provisionScriptPath(), '--json'], {
    env: { ...environment, HUBVINO_SKIP_PROVISION: '' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status === 0) return;
  let detail = child.error?.message ?? `exit ${child.status ?? child.signal}`;
  let code = 'ERR_AUTO_PROVISION_FAILED';
  try {
    const document = JSON.parse(child.stdout) as { error?: { code?: string; message?: string } };
    if (document.error?.message) detail = document.error.message;
    if (document.error?.code) code = document.error.code;
  } catch {
    if (child.stderr) detail = `${detail}\n${child.stderr.slice(-2000)}`;
  }
  throw new ToolchainError(
    `HUBVINO_AUTO_PROVISION=1 could not provision OpenVINO ${toolchainPins().openvino} into ${directory}: ${detail}`,
    { code },
  );
}

/**
 * Finds the OpenVINO distribution. Order:
 * 1. `HUBVINO_OPENVINO_LIB_DIR` (a folder with `libopenvino_c`), with `HUBVINO_OVC` and
 *    `HUBVINO_BENCHMARK_APP` for the tools;
 * 2. the venv provisioned by `hubvino provision` (in the hubvino workspace: `pnpm install`; see
 *    {@link toolchainDirectory}); with `HUBVINO_AUTO_PROVISION=1` a missing venv is provisioned here.
 *
 * @throws ToolchainError `ERR_OPENVINO_NOT_FOUND` with the command that provisions it.
 */
export function locateOpenVino(environment: NodeJS.ProcessEnv = process.env): OpenVinoDistribution {
  if (cached && environment === process.env) return cached;
  let found: OpenVinoDistribution;
  const overrideDirectory = environment.HUBVINO_OPENVINO_LIB_DIR;
  if (overrideDirectory) {
    const directory = resolve(overrideDirectory);
    const cLibraryPath = findCLibrary(directory);
    if (!cLibraryPath) {
      throw new ToolchainError(
        `HUBVINO_OPENVINO_LIB_DIR=${overrideDirectory} has no libopenvino_c library. Point it at the folder that holds libopenvino_c.so (and the plugins), or unset it to use the provisioned toolchain.`,
        { code: 'ERR_OPENVINO_NOT_FOUND' },
      );
    }
    found = {
      version: 'unknown',
      libraryDirectory: directory,
      cLibraryPath,
      includeDirectory: undefined,
      ovc: toolFromEnvironment(environment.HUBVINO_OVC),
      benchmarkApp: toolFromEnvironment(environment.HUBVINO_BENCHMARK_APP),
      python: undefined,
      venv: undefined,
      foundBy: 'environment',
    };
  } else {
    const directory = toolchainDirectory(environment);
    const venv = join(directory, venvNames().base);
    let marker = readMarker(venv);
    if (!marker && environment.HUBVINO_AUTO_PROVISION === '1') {
      autoProvision(environment, directory);
      marker = readMarker(venv);
    }
    if (!marker) {
      const where = hubvinoWorkspaceRoot()
        ? `Run '${provisionCommand()}' at the root of the hubvino workspace`
        : `Run '${provisionCommand()}' in your project (it installs the pinned openvino wheel from PyPI into ${directory}, about 280 MB; needs Python >= 3.10 with venv), or set HUBVINO_AUTO_PROVISION=1 to do that on first use`;
      throw new ToolchainError(
        `OpenVINO ${toolchainPins().openvino} is not provisioned (no complete venv at ${venv}). ${where}; or set HUBVINO_OPENVINO_LIB_DIR to an existing OpenVINO library folder.`,
        { code: 'ERR_OPENVINO_NOT_FOUND' },
      );
    }
    const packageDirectory = join(venv, marker.packageDirectory);
    const libraryDirectory = join(packageDirectory, 'libs');
    const cLibraryPath = findCLibrary(libraryDirectory);
    if (!cLibraryPath) {
      throw new ToolchainError(
        `The provisioned venv ${venv} has no libopenvino_c in ${libraryDirectory}. Delete ${venv} and run '${provisionCommand()}' again.`,
        { code: 'ERR_OPENVINO_NOT_FOUND' },
      );
    }
    found = {
      version: marker.openvino,
      libraryDirectory,
      cLibraryPath,
      includeDirectory: existsSync(join(packageDirectory, 'include')) ? join(packageDirectory, 'include') : undefined,
      ovc: toolFromEnvironment(environment.HUBVINO_OVC) ?? venvTool(venv, 'ovc'),
      benchmarkApp: toolFromEnvironment(environment.HUBVINO_BENCHMARK_APP) ?? venvTool(venv, 'benchmark_app'),
      python: join(venv, 'bin', 'python'),
      venv,
      foundBy: 'provisioned',
    };
  }
  if (environment === process.env) cached = found;
  return found;
}

/**
 * Finds the dev toolchain (TensorFlow), which only hubvino's own workspace uses (tests, fixtures, the
 * converter's TensorFlow reference). Provisioned there by `pnpm setup:dev` (and by `pnpm test`).
 * @throws ToolchainError `ERR_TENSORFLOW_NOT_FOUND`
 */
export function locateDevToolchain(environment: NodeJS.ProcessEnv = process.env): DevToolchain {
  const venv = join(toolchainDirectory(environment), venvNames().dev);
  const marker = readMarker(venv);
  if (!marker?.tensorflow) {
    throw new ToolchainError(
      `The dev toolchain (TensorFlow ${toolchainPins().dev['tensorflow-cpu']}) is not provisioned at ${venv}. ${devToolchainHint()}`,
      { code: 'ERR_TENSORFLOW_NOT_FOUND' },
    );
  }
  const sitePackages = dirname(join(venv, marker.packageDirectory));
  const tensorflowDirectory = join(sitePackages, 'tensorflow');
  if (!existsSync(tensorflowDirectory) || !statSync(tensorflowDirectory).isDirectory()) {
    throw new ToolchainError(`The dev venv ${venv} has no tensorflow package. Delete it. ${devToolchainHint()}`, {
      code: 'ERR_TENSORFLOW_NOT_FOUND',
    });
  }
  return {
    python: join(venv, 'bin', 'python'),
    venv,
    tensorflowVersion: marker.tensorflow,
    openvinoVersion: marker.openvino,
    tensorflowDirectory,
  };
}

function devToolchainHint(): string {
  return hubvinoWorkspaceRoot()
    ? "Run 'pnpm setup:dev' in the hubvino workspace."
    : 'It is part of the hubvino workspace (tests and validation against TensorFlow), not needed to run or convert models.';
}

/** The serving toolchain: OpenVINO + the `kserve` wheel in one venv (a KServe v2 ModelServer). */
export interface ServingToolchain {
  python: string;
  venv: string;
  kserveVersion: string;
  openvinoVersion: string;
}

/**
 * Finds the serving toolchain. Provisioned by `pnpm setup:serving` (and by `pnpm test`).
 * @throws ToolchainError `ERR_KSERVE_NOT_FOUND`
 */
export function locateServingToolchain(environment: NodeJS.ProcessEnv = process.env): ServingToolchain {
  const venv = join(toolchainDirectory(environment), venvNames().serving);
  const marker = readMarker(venv);
  const kserveVersion = toolchainPins().serving.kserve as string;
  if (!marker?.requirements?.includes(`kserve==${kserveVersion}`)) {
    throw new ToolchainError(
      `The serving toolchain (kserve ${kserveVersion}) is not provisioned at ${venv}. Run 'pnpm setup:serving'.`,
      { code: 'ERR_KSERVE_NOT_FOUND' },
    );
  }
  return { python: join(venv, 'bin', 'python'), venv, kserveVersion, openvinoVersion: marker.openvino };
}

/** The quantize toolchain: OpenVINO + the `nncf` wheel in one venv (INT8 post-training quantization). */
export interface QuantizeToolchain {
  python: string;
  venv: string;
  nncfVersion: string;
  openvinoVersion: string;
}

/** The command that provisions the quantize toolchain, as the reader of a message types it. */
export function quantizeProvisionCommand(): string {
  return hubvinoWorkspaceRoot() ? 'pnpm setup:quantize' : `${cliCommand('hubvino')} provision --quantize`;
}

/**
 * Finds the quantize toolchain (OpenVINO + `nncf`, pinned in toolchain.json). Provisioned on demand by
 * `hubvino-convert --quantize int8`, by `pnpm setup:quantize` (and `pnpm test`) or `hubvino provision --quantize`.
 * @throws ToolchainError `ERR_NNCF_NOT_FOUND` naming the command that installs it.
 */
export function locateQuantizeToolchain(environment: NodeJS.ProcessEnv = process.env): QuantizeToolchain {
  const venv = join(toolchainDirectory(environment), venvNames().quantize);
  const marker = readMarker(venv);
  const nncfVersion = toolchainPins().quantize.nncf as string;
  if (!marker?.requirements?.includes(`nncf==${nncfVersion}`)) {
    throw new ToolchainError(
      `The quantize toolchain (OpenVINO + nncf ${nncfVersion}) is not provisioned at ${venv}. Run '${quantizeProvisionCommand()}'.`,
      { code: 'ERR_NNCF_NOT_FOUND' },
    );
  }
  return { python: join(venv, 'bin', 'python'), venv, nncfVersion, openvinoVersion: marker.openvino };
}
