import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { ToolchainError } from '@hubvino/runtime';

/** The `@tensorflow/tfjs-node` module (its default export, as `require` returns it). */
export type TensorFlowNode = typeof import('@tensorflow/tfjs-node');

/** Where tfjs-node's addon is and what it was built against, read without loading TensorFlow. */
export interface TensorFlowAddonStatus {
  /** True when the addon exists and its build stamp is present (it can be loaded). */
  ready: boolean;
  /** Path at which tfjs-node loads `tfjs_binding.node`. */
  bindingPath: string;
  /** tfjs-node's version. */
  tfjsNodeVersion: string;
  /** TensorFlow version the addon was built against (from the build stamp), when built. */
  tensorflowVersion: string | undefined;
  /** The TensorFlow wheel folder it links to (its run path), when built. */
  tensorflowDirectory: string | undefined;
}

/** The command that builds the addon; every "not built" message names it. */
export const buildAddonCommand = 'pnpm setup:dev';

const requireHere = createRequire(import.meta.url);

interface BuildStamp {
  tensorflowVersion?: string;
  tensorflowDirectory?: string;
}

/**
 * Reports whether tfjs-node's native addon has been built (by `pnpm setup:dev`, see
 * scripts/build-addon.mjs), without loading TensorFlow.
 */
export function tensorFlowAddonStatus(): TensorFlowAddonStatus {
  let packageJson: string;
  try {
    packageJson = realpathSync(requireHere.resolve('@tensorflow/tfjs-node/package.json'));
  } catch (error) {
    throw new ToolchainError(
      "@tensorflow/tfjs-node is not installed next to @hubvino/tensorflow-reference. Run 'pnpm install' in the workspace.",
      { code: 'ERR_TENSORFLOW_NOT_FOUND', cause: error },
    );
  }
  const tfjsNodeVersion = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
  const preGyp = createRequire(packageJson)('@mapbox/node-pre-gyp') as { find(packageJson: string): string };
  const bindingPath = preGyp.find(packageJson);
  let stamp: BuildStamp | undefined;
  try {
    stamp = JSON.parse(readFileSync(`${bindingPath}.hubvino.json`, 'utf8')) as BuildStamp;
  } catch {
    stamp = undefined;
  }
  return {
    ready: existsSync(bindingPath) && stamp !== undefined,
    bindingPath,
    tfjsNodeVersion,
    tensorflowVersion: stamp?.tensorflowVersion,
    tensorflowDirectory: stamp?.tensorflowDirectory,
  };
}

let loaded: TensorFlowNode | undefined;

/**
 * Loads `@tensorflow/tfjs-node` (once; later calls return the same module). Nothing TensorFlow is
 * loaded before the first call, so importing this package costs nothing. Sets
 * `TF_CPP_MIN_LOG_LEVEL=1` (no INFO logs) when the environment does not set it.
 *
 * @throws ToolchainError `ERR_TENSORFLOW_ADDON_NOT_BUILT` when the addon has not been built (the
 *   message says to run `pnpm setup:dev`), or `ERR_TENSORFLOW_ADDON_BROKEN` when it does not load
 *   (e.g. the TensorFlow wheel it links to was removed).
 */
export async function loadTensorFlow(): Promise<TensorFlowNode> {
  if (loaded) return loaded;
  const status = tensorFlowAddonStatus();
  if (!status.ready) {
    throw new ToolchainError(
      `TensorFlow for Node (tfjs-node ${status.tfjsNodeVersion}) has no native addon at ${status.bindingPath}: it is built from source against the dev toolchain's TensorFlow. Run '${buildAddonCommand}' in the workspace.`,
      { code: 'ERR_TENSORFLOW_ADDON_NOT_BUILT' },
    );
  }
  // TensorFlow logs every SavedModel load at INFO level on stderr; keep INFO quiet unless the caller
  // chose a level (TF_CPP_MIN_LOG_LEVEL=0 brings it back). Must be set before libtensorflow loads.
  if (process.env.TF_CPP_MIN_LOG_LEVEL === undefined) process.env.TF_CPP_MIN_LOG_LEVEL = '1';
  try {
    loaded = requireHere('@tensorflow/tfjs-node') as TensorFlowNode;
  } catch (error) {
    throw new ToolchainError(
      `tfjs-node's addon at ${status.bindingPath} (built against TensorFlow ${status.tensorflowVersion} in ${status.tensorflowDirectory ?? dirname(status.bindingPath)}) does not load: ${(error as Error).message}. Rebuild it: node packages/tensorflow-reference/scripts/build-addon.mjs --force (after '${buildAddonCommand}').`,
      { code: 'ERR_TENSORFLOW_ADDON_BROKEN', cause: error },
    );
  }
  return loaded;
}
