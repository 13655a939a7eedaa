import { rootTable, type Table } from './flatbuffer-table.js';

/**
 * TF Lite model metadata (`metadata_schema.fbs`, the `TFLITE_METADATA` buffer written by the TF Lite
 * Support metadata populator): the parts hubvino and task readers use. Field indices follow the schema.
 */

/** `AssociatedFileType` of metadata_schema.fbs. */
export const ASSOCIATED_FILE_TYPES = [
  'UNKNOWN',
  'DESCRIPTIONS',
  'TENSOR_AXIS_LABELS',
  'TENSOR_VALUE_LABELS',
  'TENSOR_AXIS_SCORE_CALIBRATION',
  'VOCABULARY',
  'SCANN_INDEX_FILE',
] as const;
export type AssociatedFileType = (typeof ASSOCIATED_FILE_TYPES)[number] | `TYPE_${number}`;

/** A file the metadata refers to; its bytes live in the zip appended to the `.tflite`. */
export interface AssociatedFileInfo {
  name: string;
  description: string;
  type: AssociatedFileType;
  locale: string;
}

/** `NormalizationOptions`: `(value - mean) / std` per channel (one value: every channel). */
export interface NormalizationInfo {
  mean: number[];
  std: number[];
}

/** What the metadata says about one input or output tensor. */
export interface TensorMetadataInfo {
  name: string;
  description: string;
  /** `image` (with `colorSpace`), `feature`, `bounding-box`, `audio` (with `sampleRate`/`channels`), or undefined. */
  content: 'feature' | 'image' | 'bounding-box' | 'audio' | undefined;
  colorSpace: 'RGB' | 'GRAYSCALE' | undefined;
  sampleRate: number | undefined;
  channels: number | undefined;
  normalization: NormalizationInfo | undefined;
  /** `Stats`: the value range, e.g. [0, 255] for an image input, [0, 1] for probabilities. */
  range: { min: number[]; max: number[] } | undefined;
  associatedFiles: AssociatedFileInfo[];
}

/** The model metadata (subgraph 0). */
export interface TfliteMetadata {
  name: string;
  description: string;
  version: string;
  author: string;
  license: string;
  inputs: TensorMetadataInfo[];
  outputs: TensorMetadataInfo[];
  /** Every associated file named anywhere (model, subgraph, tensors), once. */
  associatedFiles: AssociatedFileInfo[];
}

function associatedFile(table: Table): AssociatedFileInfo {
  const type = table.int8(2, 0);
  return {
    name: table.string(0),
    description: table.string(1),
    type: ASSOCIATED_FILE_TYPES[type] ?? `TYPE_${type}`,
    locale: table.string(3),
  };
}

const CONTENT_KINDS = [undefined, 'feature', 'image', 'bounding-box', 'audio'] as const;

function tensorMetadata(table: Table): TensorMetadataInfo {
  const content = table.table(3);
  const kind = content ? CONTENT_KINDS[content.uint8(0, 0)] : undefined;
  const properties = content?.table(1);
  let normalization: NormalizationInfo | undefined;
  for (const unit of table.tables(4)) {
    // ProcessUnitOptions union: 1 = NormalizationOptions { mean: [float], std: [float] }.
    if (unit.uint8(0, 0) === 1) {
      const options = unit.table(1);
      if (options) normalization = { mean: options.float32s(0), std: options.float32s(1) };
    }
  }
  const stats = table.table(5);
  const max = stats?.float32s(0) ?? [];
  const min = stats?.float32s(1) ?? [];
  const colorSpace = kind === 'image' ? properties?.int8(0, 0) : undefined;
  return {
    name: table.string(0),
    description: table.string(1),
    content: kind,
    colorSpace: colorSpace === 1 ? 'RGB' : colorSpace === 2 ? 'GRAYSCALE' : undefined,
    sampleRate: kind === 'audio' ? properties?.uint32(0, 0) : undefined,
    channels: kind === 'audio' ? properties?.uint32(1, 0) : undefined,
    normalization,
    range: min.length > 0 || max.length > 0 ? { min, max } : undefined,
    associatedFiles: table.tables(6).map(associatedFile),
  };
}

/** Parses a `TFLITE_METADATA` buffer (a `ModelMetadata` FlatBuffer, file identifier `M001`). */
export function parseTfliteMetadata(bytes: Uint8Array): TfliteMetadata {
  const model = rootTable(bytes);
  const subgraph = model.tables(3)[0];
  const inputs = subgraph?.tables(2).map(tensorMetadata) ?? [];
  const outputs = subgraph?.tables(3).map(tensorMetadata) ?? [];
  const all = [
    ...model.tables(6).map(associatedFile),
    ...(subgraph?.tables(4).map(associatedFile) ?? []),
    ...inputs.flatMap((tensor) => tensor.associatedFiles),
    ...outputs.flatMap((tensor) => tensor.associatedFiles),
  ];
  const seen = new Set<string>();
  return {
    name: model.string(0),
    description: model.string(1),
    version: model.string(2),
    author: model.string(4),
    license: model.string(5),
    inputs,
    outputs,
    associatedFiles: all.filter((file) => !seen.has(file.name) && seen.add(file.name)),
  };
}
