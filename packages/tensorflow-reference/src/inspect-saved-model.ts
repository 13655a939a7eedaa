import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ArgumentError, HubvinoError } from '@hubvino/runtime';
import { loadTensorFlow, type TensorFlowNode } from './load-tensorflow.js';
import { TensorFlowError } from './tensorflow-error.js';

/** One input or output of a SavedModel signature. */
export interface SignatureTensor {
  /** The key callers use (`inputs`, `logits`): the name in the signature's map. */
  key: string;
  /** The graph tensor behind it (`serving_default_inputs:0`). */
  tensorName: string;
  /** TensorFlow's element type in lower case without `DT_`, floats spelled with their width: `float32`, `int64`, `uint8`, `string`, `float16`. */
  dtype: string;
  /** Dimensions; `null` for an unknown (dynamic) dimension. `[]` is a scalar. */
  shape: (number | null)[];
}

/** A signature (function) of a SavedModel, e.g. `serving_default`. */
export interface SignatureInfo {
  name: string;
  /** Inputs sorted by key. */
  inputs: SignatureTensor[];
  /** Outputs sorted by key. */
  outputs: SignatureTensor[];
}

/** One MetaGraph of a SavedModel: its tags and signatures. */
export interface MetaGraphInfo {
  tags: string[];
  /** Signatures sorted by name (`__saved_model_init_op` left out). */
  signatures: SignatureInfo[];
}

/** What {@link inspectSavedModel} reports. */
export interface SavedModelInfo {
  /** Absolute path of the SavedModel folder. */
  directory: string;
  metaGraphs: MetaGraphInfo[];
}

const dtypeNames: Readonly<Record<string, string>> = {
  DT_FLOAT: 'float32',
  DT_DOUBLE: 'float64',
  DT_HALF: 'float16',
  DT_BFLOAT16: 'bfloat16',
  DT_COMPLEX64: 'complex64',
  DT_COMPLEX128: 'complex128',
};

/** `DT_FLOAT` -> `float32`, `DT_INT64` -> `int64`. */
export function dtypeName(tensorFlowDtype: string): string {
  return dtypeNames[tensorFlowDtype] ?? tensorFlowDtype.replace(/^DT_/, '').toLowerCase();
}

/** Throws ArgumentError unless `directory` holds a `saved_model.pb`; returns its absolute path. */
export function assertSavedModelDirectory(directory: string, argument = 'directory'): string {
  if (typeof directory !== 'string' || directory.length === 0) {
    throw new ArgumentError(`'${argument}' must be the path of a SavedModel folder (got ${String(directory)})`, {
      argument: argument,
    });
  }
  const absolute = resolve(directory);
  if (!existsSync(absolute) || !statSync(absolute).isDirectory()) {
    throw new ArgumentError(
      `'${argument}': ${absolute} is not a folder. Pass a SavedModel folder (with saved_model.pb and variables/).`,
      { argument: argument },
    );
  }
  if (!existsSync(join(absolute, 'saved_model.pb'))) {
    throw new ArgumentError(
      `'${argument}': ${absolute} is not a SavedModel (no saved_model.pb in it). Pass the folder that holds saved_model.pb and variables/.`,
      { argument: argument },
    );
  }
  return absolute;
}

interface RawTensorInfo {
  tfDtype: string;
  name: string;
  shape: unknown[];
}

function dimensionSize(dimension: unknown): number | null {
  // tfjs-node hands out the protobuf Dim messages although its types say number.
  const size =
    typeof dimension === 'number'
      ? dimension
      : typeof (dimension as { getSize?: () => number }).getSize === 'function'
        ? (dimension as { getSize: () => number }).getSize()
        : Number.NaN;
  return Number.isInteger(size) && size >= 0 ? size : null;
}

function toTensors(entries: Record<string, RawTensorInfo>): SignatureTensor[] {
  return Object.keys(entries)
    .sort()
    .map((key) => {
      const info = entries[key] as RawTensorInfo;
      return {
        key,
        tensorName: info.name,
        dtype: dtypeName(info.tfDtype),
        shape: (info.shape ?? []).map(dimensionSize),
      };
    });
}

/**
 * Lists the MetaGraphs of a SavedModel with their tags and signatures (inputs and outputs: keys,
 * graph tensor names, dtypes, shapes), read by TensorFlow for Node (`getMetaGraphsFromSavedModel`).
 *
 * @throws ArgumentError when `directory` is not a SavedModel folder.
 * @throws TensorFlowError `ERR_TENSORFLOW_LOAD` when its saved_model.pb cannot be read (corrupt, or a
 *   dtype tfjs-node does not know).
 * @throws ToolchainError when the TensorFlow addon is not built (see {@link loadTensorFlow}).
 */
export async function inspectSavedModel(directory: string): Promise<SavedModelInfo> {
  const absolute = assertSavedModelDirectory(directory);
  const stamp = protobufStamp(absolute);
  const known = inspected.get(absolute);
  if (stamp !== undefined && known?.stamp === stamp) return structuredClone(known.info);
  const info = await readMetaGraphs(absolute);
  if (stamp !== undefined) inspected.set(absolute, { stamp, info });
  return structuredClone(info);
}

/**
 * What {@link inspectSavedModel} read, per folder, while its saved_model.pb keeps its size and
 * modification time: tfjs-node parses the protobuf in JavaScript (0.4-1.2 s for MobileNetV2), and
 * `openSavedModel` after an `inspectSavedModel` of the same folder (the converter's TensorFlow
 * reference) would otherwise parse it again before tfjs-node's own load parses it a third time.
 */
const inspected = new Map<string, { stamp: string; info: SavedModelInfo }>();

function protobufStamp(directory: string): string | undefined {
  try {
    const stats = statSync(join(directory, 'saved_model.pb'));
    return `${stats.size}:${stats.mtimeMs}:${stats.ino}`;
  } catch {
    return undefined;
  }
}

async function readMetaGraphs(absolute: string): Promise<SavedModelInfo> {
  const tf = await loadTensorFlow();
  let metaGraphs: Awaited<ReturnType<TensorFlowNode['node']['getMetaGraphsFromSavedModel']>>;
  try {
    metaGraphs = await tf.node.getMetaGraphsFromSavedModel(absolute);
  } catch (error) {
    if (HubvinoError.isInstance(error)) throw error;
    throw new TensorFlowError(
      `Cannot read the SavedModel ${join(absolute, 'saved_model.pb')}: ${(error as Error).message}`,
      { code: 'ERR_TENSORFLOW_LOAD', cause: error },
    );
  }
  return {
    directory: absolute,
    metaGraphs: metaGraphs.map((metaGraph) => ({
      tags: [...metaGraph.tags],
      signatures: Object.keys(metaGraph.signatureDefs)
        .sort()
        .map((name) => {
          const entry = metaGraph.signatureDefs[name] as unknown as {
            inputs: Record<string, RawTensorInfo>;
            outputs: Record<string, RawTensorInfo>;
          };
          return { name, inputs: toTensors(entry.inputs), outputs: toTensors(entry.outputs) };
        }),
    })),
  };
}

/**
 * Picks the signature `signature` of the MetaGraph tagged exactly `tags` (in any order).
 * @throws ArgumentError naming the tags or signatures that do exist.
 */
export function findSignature(info: SavedModelInfo, tags: readonly string[], signature: string): SignatureInfo {
  const wanted = [...tags].sort().join(',');
  const metaGraph = info.metaGraphs.find((candidate) => [...candidate.tags].sort().join(',') === wanted);
  if (!metaGraph) {
    const available = info.metaGraphs.map((candidate) => `[${candidate.tags.join(', ')}]`).join(', ');
    throw new ArgumentError(
      `The SavedModel ${info.directory} has no MetaGraph tagged [${tags.join(', ')}]; it has ${available || 'none'}.`,
      { argument: 'tags' },
    );
  }
  const found = metaGraph.signatures.find((candidate) => candidate.name === signature);
  if (!found) {
    const available = metaGraph.signatures.map((candidate) => candidate.name).join(', ');
    throw new ArgumentError(
      `The SavedModel ${info.directory} has no signature '${signature}' (tags [${tags.join(', ')}]); it has: ${available || 'none'}.`,
      { argument: 'signature' },
    );
  }
  return found;
}
