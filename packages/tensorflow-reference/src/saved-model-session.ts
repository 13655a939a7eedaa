import { ArgumentError, HubvinoError } from '@hubvino/runtime';
import { findSignature, inspectSavedModel, type SignatureInfo, type SignatureTensor } from './inspect-saved-model.js';
import { loadTensorFlow, type TensorFlowNode } from './load-tensorflow.js';
import { elementCount, type TensorData, type TensorDataType } from './tensor-data.js';
import { TensorFlowError } from './tensorflow-error.js';

/** Which function of a SavedModel to run. */
export interface SavedModelOptions {
  /** Signature name; default `serving_default`. */
  signature?: string;
  /** Tags of the MetaGraph; default `['serve']`. */
  tags?: string[];
}

/** Inputs by signature key, or one tensor when the signature has exactly one input. */
export type SavedModelInputs = Record<string, TensorData> | TensorData;

type TfSavedModel = Awaited<ReturnType<TensorFlowNode['node']['loadSavedModel']>>;
type TfTensor = ReturnType<TensorFlowNode['tensor']>;

// Safety net: a session that is garbage-collected without dispose() releases its TensorFlow session.
const registry = new FinalizationRegistry<TfSavedModel>((model) => {
  try {
    model.dispose();
  } catch {
    // already released
  }
});

/** The tfjs dtype that carries a signature tensor of TensorFlow type `dtype`. */
function carrierDtype(dtype: string): TensorDataType | undefined {
  switch (dtype) {
    case 'float32':
      return 'float32';
    case 'int32':
    case 'int64':
    case 'uint8':
      return 'int32';
    case 'bool':
      return 'bool';
    case 'string':
      return 'string';
    default:
      return undefined;
  }
}

function isTensorData(value: unknown): value is TensorData {
  return typeof value === 'object' && value !== null && 'dtype' in value && 'shape' in value && 'data' in value;
}

function checkInput(spec: SignatureTensor, value: TensorData, signature: string): void {
  const argument = `inputs.${spec.key}`;
  const expected = carrierDtype(spec.dtype);
  if (value.dtype !== expected) {
    throw new ArgumentError(
      `Input '${spec.key}' of signature '${signature}' is ${spec.dtype}; pass dtype '${expected}' (got '${value.dtype}').`,
      { argument: argument },
    );
  }
  if (!Array.isArray(value.shape) || value.shape.some((dimension) => !Number.isInteger(dimension) || dimension < 0)) {
    throw new ArgumentError(
      `Input '${spec.key}': shape must be non-negative integers (got ${JSON.stringify(value.shape)}).`,
      { argument: argument },
    );
  }
  const rankMatches = value.shape.length === spec.shape.length;
  const dimensionsMatch =
    rankMatches && spec.shape.every((dimension, index) => dimension === null || dimension === value.shape[index]);
  if (!dimensionsMatch) {
    const wanted = `[${spec.shape.map((dimension) => dimension ?? '?').join(',')}]`;
    throw new ArgumentError(
      `Input '${spec.key}' of signature '${signature}' has shape ${wanted}; got [${value.shape.join(',')}].`,
      { argument: argument },
    );
  }
  const count = elementCount(value.shape);
  if (value.data.length !== count) {
    throw new ArgumentError(
      `Input '${spec.key}': shape [${value.shape.join(',')}] needs ${count} elements; data has ${value.data.length}.`,
      { argument: argument },
    );
  }
}

/**
 * One signature of a SavedModel, loaded into TensorFlow (through tfjs-node) and ready to run many
 * times. Get one from {@link openSavedModel}; release it with `dispose()` (or `using`).
 */
export class SavedModelSession implements Disposable {
  /** Absolute path of the SavedModel folder. */
  readonly directory: string;
  /** The MetaGraph tags it was loaded with. */
  readonly tags: readonly string[];
  /** The signature it runs: names, dtypes and shapes of its inputs and outputs. */
  readonly signature: SignatureInfo;
  #tf: TensorFlowNode;
  #model: TfSavedModel | undefined;

  /** @internal Use {@link openSavedModel}. */
  constructor(
    tf: TensorFlowNode,
    model: TfSavedModel,
    directory: string,
    tags: readonly string[],
    signature: SignatureInfo,
  ) {
    this.#tf = tf;
    this.#model = model;
    this.directory = directory;
    this.tags = tags;
    this.signature = signature;
    registry.register(this, model, this);
  }

  /** True after dispose(). */
  get disposed(): boolean {
    return this.#model === undefined;
  }

  /**
   * Runs the signature on `inputs` and returns every output by key, copied out of TensorFlow.
   * Synchronous: TensorFlow runs on the calling thread.
   *
   * @throws ArgumentError for a missing, unknown or mismatched input (names the input and what it needs).
   * @throws TensorFlowError `ERR_TENSORFLOW_RUN` when TensorFlow rejects or fails the run.
   */
  run(inputs: SavedModelInputs): Record<string, TensorData> {
    const model = this.#model;
    if (!model) {
      throw new ArgumentError(
        `This SavedModelSession (${this.directory}) was disposed; open it again with openSavedModel().`,
        { argument: 'session' },
      );
    }
    const named = this.#nameInputs(inputs);
    const tf = this.#tf;
    const created: TfTensor[] = [];
    let outputs: Record<string, TfTensor> = {};
    try {
      const tensorMap: Record<string, TfTensor> = {};
      for (const spec of this.signature.inputs) {
        const value = named[spec.key] as TensorData;
        const tensor = tf.tensor(value.data as Float32Array, value.shape, value.dtype);
        created.push(tensor);
        tensorMap[spec.key] = tensor;
      }
      try {
        outputs = model.predict(tensorMap) as Record<string, TfTensor>;
      } catch (error) {
        throw new TensorFlowError(
          `TensorFlow failed to run signature '${this.signature.name}' of ${this.directory}: ${(error as Error).message}`,
          { code: 'ERR_TENSORFLOW_RUN', cause: error },
        );
      }
      const result: Record<string, TensorData> = {};
      for (const spec of this.signature.outputs) {
        const tensor = outputs[spec.key];
        if (!tensor) continue;
        result[spec.key] = readTensor(tensor);
      }
      return result;
    } finally {
      for (const tensor of created) tensor.dispose();
      for (const tensor of Object.values(outputs)) tensor.dispose();
    }
  }

  /** Releases the TensorFlow session (shared sessions stay until their last user is released). Idempotent. */
  dispose(): void {
    const model = this.#model;
    if (!model) return;
    this.#model = undefined;
    registry.unregister(this);
    try {
      model.dispose();
    } catch {
      // tfjs-node throws when already released
    }
  }

  /** Same as dispose(), for `using`. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  #nameInputs(inputs: SavedModelInputs): Record<string, TensorData> {
    const specs = this.signature.inputs;
    const expected = specs.map((spec) => spec.key).join(', ');
    let named: Record<string, TensorData>;
    if (isTensorData(inputs)) {
      if (specs.length !== 1) {
        throw new ArgumentError(
          `Signature '${this.signature.name}' has ${specs.length} inputs (${expected}); pass an object keyed by input name.`,
          { argument: 'inputs' },
        );
      }
      named = { [(specs[0] as SignatureTensor).key]: inputs };
    } else if (typeof inputs === 'object' && inputs !== null) {
      named = inputs;
    } else {
      throw new ArgumentError(`'inputs' must be a tensor or an object of tensors keyed by ${expected}.`, {
        argument: 'inputs',
      });
    }
    const unknown = Object.keys(named).filter((key) => !specs.some((spec) => spec.key === key));
    if (unknown.length > 0) {
      throw new ArgumentError(
        `Signature '${this.signature.name}' has no input ${unknown.join(', ')}; its inputs are: ${expected}.`,
        { argument: 'inputs' },
      );
    }
    for (const spec of specs) {
      const value = named[spec.key];
      if (!isTensorData(value)) {
        throw new ArgumentError(
          `Missing input '${spec.key}' of signature '${this.signature.name}' (inputs: ${expected}).`,
          { argument: `inputs.${spec.key}` },
        );
      }
      checkInput(spec, value, this.signature.name);
    }
    return named;
  }
}

function readTensor(tensor: TfTensor): TensorData {
  const shape = [...tensor.shape];
  switch (tensor.dtype) {
    case 'float32':
      return { dtype: 'float32', shape, data: Float32Array.from(tensor.dataSync() as Float32Array) };
    case 'int32':
      return { dtype: 'int32', shape, data: Int32Array.from(tensor.dataSync() as Int32Array) };
    case 'bool':
      return { dtype: 'bool', shape, data: Uint8Array.from(tensor.dataSync() as Uint8Array) };
    case 'string': {
      const decoder = new TextDecoder();
      const values = tensor.dataSync() as unknown as Uint8Array[];
      return { dtype: 'string', shape, data: values.map((bytes) => decoder.decode(bytes)) };
    }
    default:
      throw new TensorFlowError(`TensorFlow returned a ${tensor.dtype} output, which the reference cannot read.`, {
        code: 'ERR_TENSORFLOW_RUN',
      });
  }
}

/**
 * Loads one signature of a SavedModel into TensorFlow (through tfjs-node) for repeated runs.
 *
 * @param directory SavedModel folder (holds saved_model.pb and variables/).
 * @throws ArgumentError when the folder is not a SavedModel, or the tags/signature do not exist (names the ones that do).
 * @throws TensorFlowError `ERR_TENSORFLOW_LOAD` when TensorFlow cannot load it.
 * @throws ToolchainError when the TensorFlow addon is not built.
 */
export async function openSavedModel(directory: string, options: SavedModelOptions = {}): Promise<SavedModelSession> {
  const signatureName = options.signature ?? 'serving_default';
  const tags = [...(options.tags ?? ['serve'])];
  const info = await inspectSavedModel(directory);
  const signature = findSignature(info, tags, signatureName);
  for (const spec of signature.inputs) {
    if (carrierDtype(spec.dtype) === undefined) {
      throw new TensorFlowError(
        `Input '${spec.key}' of signature '${signatureName}' in ${info.directory} is ${spec.dtype}, which tfjs-node cannot feed (float32, int32, int64, uint8, bool, string only).`,
        { code: 'ERR_TENSORFLOW_LOAD' },
      );
    }
  }
  const tf = await loadTensorFlow();
  let model: TfSavedModel;
  try {
    // tfjs-node sorts the tags array in place: hand it a copy.
    model = await tf.node.loadSavedModel(info.directory, [...tags], signatureName);
  } catch (error) {
    if (HubvinoError.isInstance(error)) throw error;
    throw new TensorFlowError(`TensorFlow cannot load the SavedModel ${info.directory}: ${(error as Error).message}`, {
      code: 'ERR_TENSORFLOW_LOAD',
      cause: error,
    });
  }
  return new SavedModelSession(tf, model, info.directory, Object.freeze([...tags]), signature);
}

/**
 * Loads a SavedModel, runs one signature once and releases it: the TensorFlow reference output for
 * `inputs`. For repeated runs (benchmarks) use {@link openSavedModel}.
 *
 * @example
 * const outputs = await runSavedModel(dir, { inputs: { dtype: 'float32', shape: [1, 224, 224, 3], data } });
 * outputs.logits.data; // Float32Array(1001)
 */
export async function runSavedModel(
  directory: string,
  inputs: SavedModelInputs,
  options: SavedModelOptions = {},
): Promise<Record<string, TensorData>> {
  const session = await openSavedModel(directory, options);
  try {
    return session.run(inputs);
  } finally {
    session.dispose();
  }
}
