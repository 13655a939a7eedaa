import { readFile } from 'node:fs/promises';
import { SourceError } from '../errors/source-error.js';

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

/** One input or output tensor of a TF Lite model's main subgraph. */
export interface TfliteTensorInfo {
  name: string;
  shape: number[];
  elementType: string;
  /** Per-tensor quantization (`real = scale * (q - zeroPoint)`), when the tensor has it. */
  quantization: { scale: number; zeroPoint: number } | undefined;
}

/** Inputs and outputs of subgraph 0, read from the FlatBuffer without TF Lite. */
export interface TfliteSignature {
  inputs: TfliteTensorInfo[];
  outputs: TfliteTensorInfo[];
}

/** A minimal FlatBuffer table reader over the TF Lite schema (only the fields used here). */
class Table {
  constructor(
    private readonly view: DataView,
    readonly position: number,
  ) {}

  private fieldOffset(field: number): number {
    const vtable = this.position - this.view.getInt32(this.position, true);
    const vtableSize = this.view.getUint16(vtable, true);
    const entry = 4 + field * 2;
    return entry < vtableSize ? this.view.getUint16(vtable + entry, true) : 0;
  }

  private indirect(at: number): number {
    return at + this.view.getUint32(at, true);
  }

  table(field: number): Table | undefined {
    const offset = this.fieldOffset(field);
    return offset ? new Table(this.view, this.indirect(this.position + offset)) : undefined;
  }

  /** Start and length of a vector field. */
  vector(field: number): { start: number; length: number } | undefined {
    const offset = this.fieldOffset(field);
    if (!offset) return undefined;
    const at = this.indirect(this.position + offset);
    return { start: at + 4, length: this.view.getUint32(at, true) };
  }

  tables(field: number): Table[] {
    const vector = this.vector(field);
    if (!vector) return [];
    return Array.from(
      { length: vector.length },
      (_, index) => new Table(this.view, this.indirect(vector.start + index * 4)),
    );
  }

  int32s(field: number): number[] {
    const vector = this.vector(field);
    if (!vector) return [];
    return Array.from({ length: vector.length }, (_, index) => this.view.getInt32(vector.start + index * 4, true));
  }

  float32s(field: number): number[] {
    const vector = this.vector(field);
    if (!vector) return [];
    return Array.from({ length: vector.length }, (_, index) => this.view.getFloat32(vector.start + index * 4, true));
  }

  int64s(field: number): number[] {
    const vector = this.vector(field);
    if (!vector) return [];
    return Array.from({ length: vector.length }, (_, index) =>
      Number(this.view.getBigInt64(vector.start + index * 8, true)),
    );
  }

  int8(field: number, fallback: number): number {
    const offset = this.fieldOffset(field);
    return offset ? this.view.getInt8(this.position + offset) : fallback;
  }

  uint32(field: number, fallback: number): number {
    const offset = this.fieldOffset(field);
    return offset ? this.view.getUint32(this.position + offset, true) : fallback;
  }

  string(field: number): string {
    const vector = this.vector(field);
    if (!vector) return '';
    return Buffer.from(this.view.buffer, this.view.byteOffset + vector.start, vector.length).toString('utf8');
  }
}

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

/**
 * Reads the inputs and outputs (names, shapes, types, quantization) of a `.tflite` file's main
 * subgraph straight from its FlatBuffer.
 * @throws SourceError when the file is not a readable TF Lite model.
 */
export async function readTfliteSignature(file: string): Promise<TfliteSignature> {
  const bytes = await readFile(file);
  try {
    if (bytes.length < 8 || bytes.toString('latin1', 4, 8) !== 'TFL3') throw new Error('no TFL3 identifier');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const model = new Table(view, view.getUint32(0, true));
    const subgraph = model.tables(2)[0];
    if (!subgraph) throw new Error('no subgraph');
    const tensors = subgraph.tables(0);
    const pick = (indices: number[]) =>
      indices.map((index) => {
        const tensor = tensors[index];
        if (!tensor) throw new Error(`tensor index ${index} out of range`);
        return tensorInfo(tensor);
      });
    return { inputs: pick(subgraph.int32s(1)), outputs: pick(subgraph.int32s(2)) };
  } catch (error) {
    throw new SourceError(`${file} is not a readable TF Lite model (${(error as Error).message}).`, {
      source: file,
      code: 'ERR_UNSUPPORTED_SOURCE',
      cause: error,
    });
  }
}
