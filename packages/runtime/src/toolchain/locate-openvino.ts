import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ToolchainError } from '../errors/toolchain-error.js';
import { toolchainDirectory, toolchainPins, venvNames } from './toolchain-paths.js';

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
 * Finds the OpenVINO distribution. Order:
 * 1. `HUBVINO_OPENVINO_LIB_DIR` (a folder with `libopenvino_c`), with `HUBVINO_OVC` and
 *    `HUBVINO_BENCHMARK_APP` for the tools;
 * 2. the venv provisioned by `pnpm install` (see {@link toolchainDirectory}).
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
    const venv = join(toolchainDirectory(environment), venvNames().base);
    const marker = readMarker(venv);
    if (!marker) {
      throw new ToolchainError(
        `OpenVINO ${toolchainPins().openvino} is not provisioned (no complete venv at ${venv}). Run 'pnpm install' in the workspace, or 'npx hubvino-provision', or set HUBVINO_OPENVINO_LIB_DIR to an OpenVINO library folder.`,
        { code: 'ERR_OPENVINO_NOT_FOUND' },
      );
    }
    const packageDirectory = join(venv, marker.packageDirectory);
    const libraryDirectory = join(packageDirectory, 'libs');
    const cLibraryPath = findCLibrary(libraryDirectory);
    if (!cLibraryPath) {
      throw new ToolchainError(
        `The provisioned venv ${venv} has no libopenvino_c in ${libraryDirectory}. Delete ${venv} and run 'pnpm install' again.`,
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
 * Finds the dev toolchain (TensorFlow). Provisioned by `pnpm setup:dev` (and by `pnpm test`).
 * @throws ToolchainError `ERR_TENSORFLOW_NOT_FOUND`
 */
export function locateDevToolchain(environment: NodeJS.ProcessEnv = process.env): DevToolchain {
  const venv = join(toolchainDirectory(environment), venvNames().dev);
  const marker = readMarker(venv);
  if (!marker?.tensorflow) {
    throw new ToolchainError(
      `The dev toolchain (TensorFlow ${toolchainPins().dev['tensorflow-cpu']}) is not provisioned at ${venv}. Run 'pnpm setup:dev'.`,
      { code: 'ERR_TENSORFLOW_NOT_FOUND' },
    );
  }
  const sitePackages = dirname(join(venv, marker.packageDirectory));
  const tensorflowDirectory = join(sitePackages, 'tensorflow');
  if (!existsSync(tensorflowDirectory) || !statSync(tensorflowDirectory).isDirectory()) {
    throw new ToolchainError(`The dev venv ${venv} has no tensorflow package. Delete it and run 'pnpm setup:dev'.`, {
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
