import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The pinned versions from the package's `toolchain.json` (the one file that pins them). */
export interface ToolchainPins {
  python: string;
  openvino: string;
  /** Installed with openvino in the base venv (`ai-edge-litert`: TF Lite's interpreter). */
  base?: Record<string, string>;
  dev: Record<string, string>;
  /** The serving venv's extra wheels (`kserve`), opt-in: `pnpm setup:serving`. */
  serving: Record<string, string>;
  /** The quantize venv's extra wheels (`nncf`), provisioned when a conversion asks for `--quantize`. */
  quantize: Record<string, string>;
}

let cachedPins: ToolchainPins | undefined;

/** Reads the pins shipped with `@hubvino/runtime`. */
export function toolchainPins(): ToolchainPins {
  cachedPins ??= JSON.parse(readFileSync(join(packageRoot, 'toolchain.json'), 'utf8')) as ToolchainPins;
  return cachedPins;
}

/** The package folder with symlinks resolved (pnpm links packages from its store). */
function packageRealPath(): string {
  try {
    return realpathSync(packageRoot);
  } catch {
    return packageRoot;
  }
}

/**
 * The hubvino workspace this package is part of (a source checkout), or undefined when it was
 * installed from a registry: its real path runs through a `node_modules` folder, so a consumer's own
 * pnpm workspace never counts. Same rule as `scripts/provision.mjs`.
 */
export function hubvinoWorkspaceRoot(): string | undefined {
  let directory = packageRealPath();
  if (directory.split(sep).includes('node_modules')) return undefined;
  for (;;) {
    if (existsSync(join(directory, 'pnpm-workspace.yaml'))) return directory;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/**
 * Where provisioned venvs live: `$HUBVINO_TOOLCHAIN_DIR`, else `<workspace>/.toolchain` in a hubvino
 * source checkout, else (installed from a registry) the user cache `$XDG_CACHE_HOME/hubvino/toolchain`
 * (`~/.cache/hubvino/toolchain`). Same rule as `scripts/provision.mjs`.
 */
export function toolchainDirectory(environment: NodeJS.ProcessEnv = process.env): string {
  if (environment.HUBVINO_TOOLCHAIN_DIR) return resolve(environment.HUBVINO_TOOLCHAIN_DIR);
  const workspace = hubvinoWorkspaceRoot();
  if (workspace) return join(workspace, '.toolchain');
  const cache = environment.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'hubvino', 'toolchain');
}

/**
 * How the reader of a message runs one of hubvino's CLIs: in the hubvino workspace `pnpm hubvino` /
 * `pnpm convert`; for packages installed by pnpm `pnpm exec hubvino` / `pnpm exec hubvino-convert`;
 * otherwise (npm, yarn) `npx @hubvino/runtime` / `npx @hubvino/converter` (each package has one bin).
 */
export function cliCommand(cli: 'hubvino' | 'hubvino-convert'): string {
  if (hubvinoWorkspaceRoot()) return cli === 'hubvino' ? 'pnpm hubvino' : 'pnpm convert';
  if (packageRealPath().split(sep).includes('.pnpm')) return `pnpm exec ${cli}`;
  return cli === 'hubvino' ? 'npx @hubvino/runtime' : 'npx @hubvino/converter';
}

/**
 * The command that provisions the toolchain: `pnpm install` in the hubvino workspace, else
 * `<cliCommand('hubvino')> provision`. Same rule as `scripts/provision.mjs`.
 */
export function provisionCommand(): string {
  return hubvinoWorkspaceRoot() ? 'pnpm install' : `${cliCommand('hubvino')} provision`;
}

/** The provisioning script shipped with the package (plain ESM; runs before anything is built). */
export function provisionScriptPath(): string {
  return join(packageRoot, 'scripts', 'provision.mjs');
}

/**
 * Folder names of the venvs (base: OpenVINO; dev: OpenVINO + TensorFlow + Pillow; serving:
 * OpenVINO + the `kserve` wheel; quantize: OpenVINO + the `nncf` wheel).
 */
export function venvNames(pins: ToolchainPins = toolchainPins()): {
  base: string;
  dev: string;
  serving: string;
  quantize: string;
} {
  return {
    base: `openvino-${pins.openvino}`,
    dev: `dev-openvino-${pins.openvino}-tensorflow-${pins.dev['tensorflow-cpu']}`,
    serving: `serving-openvino-${pins.openvino}-kserve-${pins.serving.kserve}`,
    quantize: `quantize-openvino-${pins.openvino}-nncf-${pins.quantize.nncf}`,
  };
}
