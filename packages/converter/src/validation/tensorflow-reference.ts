import type { Tensor } from '@hubvino/runtime';
import { HubvinoError } from '@hubvino/runtime';
import type { ManifestPort } from '@hubvino/runtime/artifact';
// Types only (erased): the package itself is imported dynamically by loadTensorFlowReference().
import type {
  SavedModelInfo,
  SavedModelSession,
  SignatureInfo,
  SignatureTensor,
  TensorData,
} from '@hubvino/tensorflow-reference';
import { ValidationError } from '../errors/validation-error.js';
import { loadTensorFlowReference, tensorFlowDescription } from '../tensorflow/load-tensorflow-reference.js';
import type { NumericOutput, ValidationReference, ValidationReferenceFactory } from './validation-reference.js';

/** Signature dtypes whose values an OpenVINO validation input can carry into tfjs-node. */
const feedableDtypes = new Set(['float32', 'int32', 'int64', 'uint8', 'bool']);

/** The signature TensorFlow Serving would call: tags [serve] (or the only MetaGraph), `serving_default` (or the only signature). */
function pickSignature(info: SavedModelInfo): { tags: string[]; signature: SignatureInfo } | string {
  const serve = info.metaGraphs.find((metaGraph) => metaGraph.tags.length === 1 && metaGraph.tags[0] === 'serve');
  const metaGraph = serve ?? (info.metaGraphs.length === 1 ? info.metaGraphs[0] : undefined);
  if (!metaGraph) {
    return `it has no MetaGraph tagged [serve] (tags: ${info.metaGraphs.map((candidate) => `[${candidate.tags.join(', ')}]`).join(', ') || 'none'})`;
  }
  const signature =
    metaGraph.signatures.find((candidate) => candidate.name === 'serving_default') ??
    (metaGraph.signatures.length === 1 ? metaGraph.signatures[0] : undefined);
  if (!signature) {
    return `it has no 'serving_default' signature (signatures: ${metaGraph.signatures.map((candidate) => candidate.name).join(', ') || 'none'})`;
  }
  return { tags: [...metaGraph.tags], signature };
}

function bareName(tensorName: string): string {
  return tensorName.replace(/:0$/, '');
}

/** Whether an OpenVINO port is the signature tensor `tensor` (OpenVINO names SavedModel ports by signature key). */
function portMatches(port: ManifestPort, tensor: SignatureTensor): boolean {
  const names = new Set([port.name, ...port.names]);
  return names.has(tensor.key) || names.has(tensor.tensorName) || names.has(bareName(tensor.tensorName));
}

/**
 * Pairs each IR port with a signature tensor: by name, else by position when the counts agree.
 * Returns the signature tensor per port, or undefined when they cannot be paired.
 */
function pairPorts(ports: readonly ManifestPort[], tensors: readonly SignatureTensor[]): SignatureTensor[] | undefined {
  if (ports.length !== tensors.length) return undefined;
  const byName = ports.map((port) => tensors.find((tensor) => portMatches(port, tensor)));
  if (byName.every((tensor) => tensor !== undefined) && new Set(byName).size === byName.length) {
    return byName as SignatureTensor[];
  }
  return [...tensors];
}

function shapeFits(signatureShape: readonly (number | null)[], shape: readonly number[]): boolean {
  return (
    signatureShape.length === shape.length &&
    signatureShape.every((dimension, index) => dimension === null || dimension === shape[index])
  );
}

/** An OpenVINO validation input as tfjs-node input data (int64/uint8 carried as int32, as tfjs-node does). */
function toTensorData(tensor: Tensor, spec: SignatureTensor): TensorData {
  const shape = [...tensor.shape];
  const values = tensor.data as ArrayLike<number | bigint>;
  if (spec.dtype === 'float32') return { dtype: 'float32', shape, data: Float32Array.from(values, Number) };
  if (spec.dtype === 'bool') return { dtype: 'bool', shape, data: Uint8Array.from(values, (value) => (value ? 1 : 0)) };
  return { dtype: 'int32', shape, data: Int32Array.from(values, Number) };
}

function toNumericOutput(port: ManifestPort, data: TensorData): NumericOutput {
  if (data.dtype === 'string') {
    throw new ValidationError(`TensorFlow returned a string output for '${port.name}', which cannot be compared.`, {
      code: 'ERR_VALIDATION_REFERENCE',
    });
  }
  return {
    name: port.name,
    shape: [...data.shape],
    elementType: data.dtype,
    values: Float64Array.from(data.data as ArrayLike<number>),
  };
}

function firstLines(message: string): string {
  return message.split('\n').slice(0, 3).join(' ').trim();
}

/**
 * The second validation reference, for SavedModel sources (a folder, an extracted `.tar.gz` or a TF
 * Hub download): TensorFlow itself, through `@tensorflow/tfjs-node` (whose addon the workspace builds
 * against the dev toolchain's TensorFlow, see `@hubvino/tensorflow-reference`). It loads the SavedModel
 * with TensorFlow's session loader (`tf.node.loadSavedModel`, as TensorFlow Serving does), runs the
 * `serving_default` signature on the same input as the IR and returns its outputs; the comparison
 * records kind `tensorflow` in the manifest.
 *
 * Skipped with a note (`context.note`) when it cannot apply: not a SavedModel, the private package not
 * installed (a published install of the converter), tfjs-node's addon not built, or a signature it
 * cannot feed. A SavedModel that TensorFlow cannot load or run is a ValidationError
 * (`ERR_VALIDATION_REFERENCE`): nothing is published.
 */
export const tensorFlowReference: ValidationReferenceFactory = async (context) => {
  if (context.source.format !== 'saved-model') return undefined;
  const skip = (reason: string) => {
    context.note(`tensorflow reference skipped: ${reason}`);
    return undefined;
  };
  const availability = await loadTensorFlowReference();
  if (!availability.available) return skip(availability.reason);
  const tensorflow = availability.module;
  const directory = context.source.modelPath;
  const failure = (what: string, error: unknown) =>
    new ValidationError(
      `${tensorFlowDescription(availability)} could not ${what} the source SavedModel ${directory} to validate the conversion: ${firstLines(error instanceof Error ? error.message : String(error))}. Nothing was published. Check the SavedModel (is variables/ complete?), or pass --no-tensorflow-reference to validate against OpenVINO's frontend only.`,
      { code: 'ERR_VALIDATION_REFERENCE', cause: error },
    );

  let info: SavedModelInfo;
  try {
    info = await tensorflow.inspectSavedModel(directory);
  } catch (error) {
    if (HubvinoError.isInstance(error) && error.category === 'toolchain') return skip(error.message);
    throw failure('read', error);
  }
  const picked = pickSignature(info);
  if (typeof picked === 'string') return skip(picked);
  const { signature, tags } = picked;
  const unfeedable = signature.inputs.find((tensor) => !feedableDtypes.has(tensor.dtype));
  if (unfeedable) return skip(`input '${unfeedable.key}' is ${unfeedable.dtype}, which the reference cannot feed`);
  const inputs = pairPorts(context.inputs, signature.inputs);
  if (!inputs) {
    return skip(
      `the IR has ${context.inputs.length} inputs, signature '${signature.name}' has ${signature.inputs.length}`,
    );
  }
  const outputs = pairPorts(context.outputs, signature.outputs);
  if (!outputs) {
    return skip(
      `the IR has ${context.outputs.length} outputs, signature '${signature.name}' has ${signature.outputs.length}`,
    );
  }
  const misfit = inputs.findIndex((tensor, index) => !shapeFits(tensor.shape, context.inputShapes[index] ?? []));
  if (misfit >= 0) {
    const tensor = inputs[misfit] as SignatureTensor;
    return skip(
      `input '${tensor.key}' of signature '${signature.name}' is [${tensor.shape.map((dimension) => dimension ?? '?').join(',')}], the validation input is [${(context.inputShapes[misfit] ?? []).join(',')}]`,
    );
  }

  let session: SavedModelSession;
  try {
    session = await tensorflow.openSavedModel(directory, { signature: signature.name, tags });
  } catch (error) {
    if (HubvinoError.isInstance(error) && error.category === 'toolchain') return skip(error.message);
    throw failure('load', error);
  }
  const reference: ValidationReference = {
    kind: 'tensorflow',
    description: `${tensorFlowDescription(availability)} (SavedModel signature '${signature.name}', tags [${tags.join(', ')}], CPU)`,
    async run(tensors) {
      const feed: Record<string, TensorData> = {};
      inputs.forEach((spec, index) => {
        const tensor = tensors[index];
        if (tensor) feed[spec.key] = toTensorData(tensor, spec);
      });
      let results: Record<string, TensorData>;
      try {
        results = session.run(feed);
      } catch (error) {
        throw failure('run', error);
      }
      return context.outputs.map((port, index) => {
        const key = (outputs[index] as SignatureTensor).key;
        const data = results[key];
        if (!data) throw failure('run', new Error(`TensorFlow returned no output '${key}'`));
        return toNumericOutput(port, data);
      });
    },
    dispose() {
      session.dispose();
    },
  };
  return reference;
};
