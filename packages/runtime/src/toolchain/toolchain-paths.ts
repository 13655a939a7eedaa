import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The pinned versions from the package's `toolchain.json` (the one file that pins them). */
export interface ToolchainPins {
  python: string;
  openvino: string;
  /** Installed with openvino in the base venv (`ai-edge-litert`: TF Lite's interpreter). */
  base?: Record<string, string>;
  dev: Record<string, string>;
}

let cachedPins: ToolchainPins | undefined;

/** Reads the pins shipped with `@hubvino/runtime`. */
export function toolchainPins(): ToolchainPins {
  cachedPins ??= JSON.parse(readFileSync(join(packageRoot, 'toolchain.json'), 'utf8')) as ToolchainPins;
  return cachedPins;
}

/**
 * Where provisioned venvs live: `$HUBVINO_TOOLCHAIN_DIR`, else `<workspace>/.toolchain` when the
 * runtime sits inside a pnpm workspace, else `$XDG_CACHE_HOME/hubvino/toolchain`
 * (`~/.cache/hubvino/toolchain`). Same rule as `scripts/provision.mjs`.
 */
export function toolchainDirectory(environment: NodeJS.ProcessEnv = process.env): string {
  if (environment.HUBVINO_TOOLCHAIN_DIR) return resolve(environment.HUBVINO_TOOLCHAIN_DIR);
  let directory = packageRoot;
  for (;;) {
    if (existsSync(join(directory, 'pnpm-workspace.yaml'))) return join(directory, '.toolchain');
    const parent = dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  const cache = environment.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'hubvino', 'toolchain');
}

/** Folder names of the two venvs (base: OpenVINO; dev: OpenVINO + TensorFlow + Pillow). */
export function venvNames(pins: ToolchainPins = toolchainPins()): { base: string; dev: string } {
  return {
    base: `openvino-${pins.openvino}`,
    dev: `dev-openvino-${pins.openvino}-tensorflow-${pins.dev['tensorflow-cpu']}`,
  };
}
