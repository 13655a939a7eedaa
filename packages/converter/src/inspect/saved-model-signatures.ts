import { HubvinoError } from '@hubvino/runtime';
import { loadTensorFlowReference, tensorFlowDescription } from '../tensorflow/load-tensorflow-reference.js';

/** One input or output of a SavedModel signature, as TensorFlow reads it. */
export interface SavedModelTensor {
  /** The key in the signature's map (`inputs`, `logits`). */
  key: string;
  /** The graph tensor behind it (`serving_default_inputs:0`). */
  tensorName: string;
  /** `float32`, `int64`, `uint8`, `string`, ... */
  dtype: string;
  /** Dimensions, -1 for a dynamic one (as OpenVINO's shapes in the same result). */
  shape: number[];
}

/** A signature (function) of a SavedModel, e.g. `serving_default`. */
export interface SavedModelSignature {
  name: string;
  /** Inputs sorted by key. */
  inputs: SavedModelTensor[];
  /** Outputs sorted by key. */
  outputs: SavedModelTensor[];
}

/** The MetaGraphs of a SavedModel with their tags and signatures. */
export interface SavedModelSignatures {
  /** What read them, e.g. `TensorFlow 2.21.0 via @tensorflow/tfjs-node 4.22.0`. */
  reader: string;
  metaGraphs: { tags: string[]; signatures: SavedModelSignature[] }[];
}

/**
 * Reads a SavedModel's signatures with TensorFlow (through `@hubvino/tensorflow-reference`, when the
 * workspace has it and tfjs-node's addon is built). Never throws: when TensorFlow is unavailable or
 * cannot read the folder it returns the reason instead, for a note beside OpenVINO's view.
 */
export async function readSavedModelSignatures(
  directory: string,
): Promise<{ signatures: SavedModelSignatures } | { unavailable: string }> {
  const availability = await loadTensorFlowReference();
  if (!availability.available) return { unavailable: `SavedModel signatures not shown: ${availability.reason}` };
  try {
    const info = await availability.module.inspectSavedModel(directory);
    return {
      signatures: {
        reader: tensorFlowDescription(availability),
        metaGraphs: info.metaGraphs.map((metaGraph) => ({
          tags: [...metaGraph.tags],
          signatures: metaGraph.signatures.map((signature) => ({
            name: signature.name,
            inputs: signature.inputs.map(toTensor),
            outputs: signature.outputs.map(toTensor),
          })),
        })),
      },
    };
  } catch (error) {
    const message = HubvinoError.isInstance(error) || error instanceof Error ? error.message : String(error);
    return { unavailable: `TensorFlow could not read the SavedModel signatures: ${message}` };
  }
}

function toTensor(tensor: {
  key: string;
  tensorName: string;
  dtype: string;
  shape: (number | null)[];
}): SavedModelTensor {
  return {
    key: tensor.key,
    tensorName: tensor.tensorName,
    dtype: tensor.dtype,
    shape: tensor.shape.map((dimension) => dimension ?? -1),
  };
}
