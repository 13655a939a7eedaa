import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import { SourceError } from '../errors/source-error.js';
import { builtinOperatorName } from './builtin-operators.js';
import { rootTable, type Table } from './flatbuffer-table.js';
import { parseTfliteMetadata, type TfliteMetadata } from './tflite-metadata.js';

/** TF Lite tensor types (schema.fbs `TensorType`) as OpenVINO element type names. */
const tensorTypes: Record<number, string> = {
  0: 'f32',
  1: 'f16',
  2: 'i32',
  3: 'u8',
  4: 'i64',
  5: 'string',
  6: 'boolean',
  7: 'i16',
  9: 'i8',
  10: 'f64',
};

/** One tensor of a TF Lite model's main subgraph. */
export interface TfliteTensorInfo {
  name: string;
  shape: number[];
  elementType: string;
  /** Per-tensor quantization (`real = scale * (q - zeroPoint)`), when the tensor has it. */
  quantization: { scale: number; zeroPoint: number } | undefined;
}

/** One operator of the main subgraph: its type (`SOFTMAX`, `CONV_2D`, a custom name) and tensor indices. */
export interface TfliteOperatorInfo {
  type: string;
  custom: boolean;
  inputs: number[];
  outputs: number[];
}

/** What an output is the result of, looking through shape- and type-only operators. */
export interface TfliteOutputProducer {
  /** The operator writing the output tensor itself (e.g. `RESHAPE`), undefined for a graph input. */
  direct: string | undefined;
  /**
   * The first operator upstream that computes values, skipping `RESHAPE`, `SQUEEZE`, `QUANTIZE`,
   * `DEQUANTIZE`, `CAST`, `EXPAND_DIMS`, `IDENTITY` (e.g. `SOFTMAX` behind MobileNetV1's final Reshape).
   */
  effective: string | undefined;
}

/** A TF Lite model as hubvino reads it: signature, graph facts, metadata and associated files. */
export interface TfliteModel {
  inputs: TfliteTensorInfo[];
  outputs: TfliteTensorInfo[];
  /** Per output (same order): which operator produces it. */
  outputProducers: TfliteOutputProducer[];
  operators: TfliteOperatorInfo[];
  /** True when any tensor of the main subgraph is u8/i8/i16 with quantization (the model runs quantized kernels). */
  quantized: boolean;
  /** The `TFLITE_METADATA` content, when the file has it. */
  metadata: TfliteMetadata | undefined;
  /** The files packed into the zip appended to the model (metadata's associated files), by name. */
  associatedFiles: ReadonlyMap<string, Uint8Array>;
}

/** Inputs and outputs of subgraph 0 (the subset of {@link TfliteModel} older callers use). */
export type TfliteSignature = Pick<TfliteModel, 'inputs' | 'outputs'>;

const PASS_THROUGH = new Set(['RESHAPE', 'SQUEEZE', 'QUANTIZE', 'DEQUANTIZE', 'CAST', 'EXPAND_DIMS', 'IDENTITY']);

function tensorInfo(tensor: Table): TfliteTensorInfo {
  const quantization = tensor.table(4);
  const scales = quantization?.float32s(2) ?? [];
  const zeroPoints = quantization?.int64s(3) ?? [];
  return {
    name: tensor.string(3),
    shape: tensor.int32s(0),
    elementType: tensorTypes[tensor.int8(1, 0)] ?? 'undefined',
    quantization:
      scales.length === 1 && scales[0] !== 0
        ? { scale: scales[0] as number, zeroPoint: zeroPoints[0] ?? 0 }
        : undefined,
  };
}

/** Buffer `index`'s bytes (inline `data`, or `offset`/`size` into the file for models over 2 GB). */
function bufferBytes(bytes: Uint8Array, buffers: Table[], index: number): Uint8Array | undefined {
  const buffer = buffers[index];
  if (!buffer) return undefined;
  const data = buffer.uint8s(0);
  if (data.length > 0) return data;
  const offset = buffer.uint64(1, 0);
  const size = buffer.uint64(2, 0);
  return offset > 1 && size > 0 ? bytes.subarray(offset, offset + size) : undefined;
}

function readAssociatedFiles(bytes: Uint8Array, expected: boolean): Map<string, Uint8Array> {
  if (!expected) return new Map();
  try {
    return new Map(Object.entries(unzipSync(bytes)));
  } catch {
    // Metadata naming files but no zip: the files were not packed (the populator's `load_associated_files` skipped).
    return new Map();
  }
}

/** Parses a TF Lite FlatBuffer held in memory. @throws Error when it is not one. */
export function parseTfliteModel(bytes: Uint8Array): TfliteModel {
  if (bytes.length < 8 || Buffer.from(bytes.subarray(4, 8)).toString('latin1') !== 'TFL3') {
    throw new Error('no TFL3 identifier');
  }
  const model = rootTable(bytes);
  const subgraph = model.tables(2)[0];
  if (!subgraph) throw new Error('no subgraph');
  const tensors = subgraph.tables(0);
  const info = (index: number) => {
    const tensor = tensors[index];
    if (!tensor) throw new Error(`tensor index ${index} out of range`);
    return tensorInfo(tensor);
  };
  const codes = model.tables(1).map((code) => {
    // builtin_code (field 3, int32) replaced deprecated_builtin_code (field 0, int8) at 127.
    const builtin = Math.max(code.int8(0, 0), code.int32(3, 0));
    const custom = code.string(1);
    return builtin === 32 && custom
      ? { type: custom, custom: true }
      : { type: builtinOperatorName(builtin), custom: false };
  });
  const operators: TfliteOperatorInfo[] = subgraph.tables(3).map((operator) => {
    const code = codes[operator.uint32(0, 0)] ?? { type: 'UNKNOWN', custom: false };
    return { ...code, inputs: operator.int32s(1), outputs: operator.int32s(2) };
  });
  const producerOf = new Map<number, TfliteOperatorInfo>();
  for (const operator of operators) for (const output of operator.outputs) producerOf.set(output, operator);
  const inputIndices = subgraph.int32s(1);
  const outputIndices = subgraph.int32s(2);
  const outputProducers = outputIndices.map((index): TfliteOutputProducer => {
    const direct = producerOf.get(index);
    let current = direct;
    for (let steps = 0; current && PASS_THROUGH.has(current.type) && steps < 16; steps += 1) {
      const upstream = current.inputs[0];
      current = upstream === undefined ? undefined : producerOf.get(upstream);
    }
    return { direct: direct?.type, effective: current?.type };
  });
  const quantized = tensors.some((tensor) => {
    const described = tensorInfo(tensor);
    return ['u8', 'i8', 'i16'].includes(described.elementType) && described.quantization !== undefined;
  });
  const buffers = model.tables(4);
  let metadata: TfliteMetadata | undefined;
  for (const entry of model.tables(6)) {
    if (entry.string(0) !== 'TFLITE_METADATA') continue;
    const data = bufferBytes(bytes, buffers, entry.uint32(1, 0));
    if (data) metadata = parseTfliteMetadata(data);
  }
  return {
    inputs: inputIndices.map(info),
    outputs: outputIndices.map(info),
    outputProducers,
    operators,
    quantized,
    metadata,
    associatedFiles: readAssociatedFiles(bytes, (metadata?.associatedFiles.length ?? 0) > 0),
  };
}

/**
 * Reads a `.tflite` file: inputs and outputs (names, shapes, types, quantization), the operator
 * producing each output, whether it is quantized, its metadata and associated files (labels).
 * @throws SourceError when the file is not a readable TF Lite model.
 */
export async function readTfliteModel(file: string): Promise<TfliteModel> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new SourceError(`Cannot read ${file}: ${(error as Error).message}`, { source: file, cause: error });
  }
  try {
    return parseTfliteModel(bytes);
  } catch (error) {
    throw new SourceError(`${file} is not a readable TF Lite model (${(error as Error).message}).`, {
      source: file,
      code: 'ERR_UNSUPPORTED_SOURCE',
      cause: error,
    });
  }
}

/** The labels an output's metadata points to (`TENSOR_AXIS_LABELS`), read from the associated files. */
export function metadataLabels(model: TfliteModel, outputIndex = 0): { file: string; text: string } | undefined {
  const files = model.metadata?.outputs[outputIndex]?.associatedFiles ?? [];
  const labels =
    files.find((file) => file.type === 'TENSOR_AXIS_LABELS' && file.locale === '') ??
    files.find((file) => file.type === 'TENSOR_AXIS_LABELS');
  if (!labels) return undefined;
  const bytes = model.associatedFiles.get(labels.name);
  return bytes ? { file: labels.name, text: Buffer.from(bytes).toString('utf8') } : undefined;
}
