import type { TensorData, TensorElementType } from '../element-type.js';

/** A tensor as it travels to and from a server: element type, shape and the values, row-major. */
export interface RemoteTensor {
  name: string;
  elementType: TensorElementType;
  shape: readonly number[];
  data: TensorData;
}

/** An input or output as a server's model metadata describes it (`-1` marks a dynamic dimension). */
export interface RemotePort {
  name: string;
  /** The element type, or undefined when the server's datatype has none (BYTES). */
  elementType: TensorElementType | undefined;
  /** The datatype exactly as the server named it. */
  datatype: string;
  shape: readonly number[];
}

/** A served model's metadata (`GET /v2/models/{name}`). */
export interface RemoteModelMetadata {
  name: string;
  /** Versions the server says it serves, as strings (may be empty). */
  versions: readonly string[];
  platform: string;
  inputs: readonly RemotePort[];
  outputs: readonly RemotePort[];
}
