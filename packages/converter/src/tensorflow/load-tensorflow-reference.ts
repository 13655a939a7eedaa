// @hubvino/tensorflow-reference (TensorFlow through tfjs-node, built from source against the dev
// toolchain's TensorFlow) is a private workspace package: a devDependency of the converter, never a
// dependency of the published package. It is imported dynamically and only its types are named here,
// so nothing of it reaches the converter's public declarations.
import { HubvinoError } from '@hubvino/runtime';

/** The `@hubvino/tensorflow-reference` module. Internal: never re-exported. */
export type TensorFlowReferenceModule = typeof import('@hubvino/tensorflow-reference');

/** Whether TensorFlow can be used, and if not, why (a sentence for a progress note). */
export type TensorFlowReferenceAvailability =
  | {
      available: true;
      module: TensorFlowReferenceModule;
      /** TensorFlow version the tfjs-node addon was built against, e.g. `2.21.0`. */
      tensorflowVersion: string;
      /** `@tensorflow/tfjs-node` version, e.g. `4.22.0`. */
      tfjsNodeVersion: string;
    }
  | { available: false; reason: string };

const packageName = '@hubvino/tensorflow-reference';
let pending: Promise<TensorFlowReferenceAvailability> | undefined;

async function load(): Promise<TensorFlowReferenceAvailability> {
  let module: TensorFlowReferenceModule;
  try {
    module = await import('@hubvino/tensorflow-reference');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const notInstalled =
      (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
      String((error as Error).message).includes(packageName);
    return {
      available: false,
      reason: notInstalled
        ? `${packageName} is not installed (it exists only in the hubvino workspace; the published converter validates against OpenVINO's frontend)`
        : `${packageName} could not be loaded: ${(error as Error).message}`,
    };
  }
  let status: ReturnType<TensorFlowReferenceModule['tensorFlowAddonStatus']>;
  try {
    status = module.tensorFlowAddonStatus();
  } catch (error) {
    return {
      available: false,
      reason: HubvinoError.isInstance(error) ? error.message : `TensorFlow for Node is unusable: ${String(error)}`,
    };
  }
  if (!status.ready) {
    return {
      available: false,
      reason: `TensorFlow for Node (tfjs-node ${status.tfjsNodeVersion}) has no native addon; run '${module.buildAddonCommand}' in the workspace to build it`,
    };
  }
  return {
    available: true,
    module,
    tensorflowVersion: status.tensorflowVersion ?? 'unknown',
    tfjsNodeVersion: status.tfjsNodeVersion,
  };
}

/**
 * Imports `@hubvino/tensorflow-reference` once and checks that tfjs-node's addon is built, without
 * loading TensorFlow itself. Never throws: when the package is not installed (a published install of
 * the converter) or the addon is not built, it reports why, so that callers skip TensorFlow with a
 * note.
 */
export function loadTensorFlowReference(): Promise<TensorFlowReferenceAvailability> {
  pending ??= load();
  return pending;
}

/** `TensorFlow 2.21.0 via @tensorflow/tfjs-node 4.22.0`. */
export function tensorFlowDescription(availability: { tensorflowVersion: string; tfjsNodeVersion: string }): string {
  return `TensorFlow ${availability.tensorflowVersion} via @tensorflow/tfjs-node ${availability.tfjsNodeVersion}`;
}
