import { type TensorData, type TensorElementType, tensorElementTypes } from '../element-type.js';
import type { Port } from '../port.js';

/** A tensor handed to or returned by an engine: element type, shape and values (row-major). */
export interface EngineTensor {
  elementType: TensorElementType;
  shape: readonly number[];
  data: TensorData;
}

/** An input or output of the model an engine runs (`-1` marks a dynamic dimension). */
export interface EnginePort {
  name: string;
  elementType: TensorElementType | undefined;
  shape: readonly number[];
}

/** Where an engine runs inference, for results and pages. */
export interface InferenceLocation {
  /** `in-process`: OpenVINO in this process; `remote`: a KServe v2 server. */
  kind: 'in-process' | 'remote';
  /** The device (`CPU`) or the server (`http://127.0.0.1:8000`). */
  where: string;
  /** The served model and version, for a remote engine. */
  model?: { name: string; version: number | undefined };
  /** The server software (`GET /v2`), for a remote engine, e.g. `kserve 0.21.0`. */
  server?: string;
  /** One line for people: `CPU (in-process)`, `mobilenet_v2 version 1 at http://127.0.0.1:8000`. */
  description: string;
}

/**
 * What a task runs its model on: a compiled model in this process ({@link InProcessEngine}) or a
 * model served by a KServe v2 server ({@link RemoteEngine}). A task prepares its inputs, calls
 * `infer` with them by input name, and reads the outputs by output name; it never needs to know
 * which engine it has. Both engines run the same graph: for a remote engine the served IR carries
 * the pre-processing the in-process engine adds before compiling (`serve-config`).
 */
export interface InferenceEngine extends Disposable {
  readonly location: InferenceLocation;
  readonly inputs: readonly EnginePort[];
  readonly outputs: readonly EnginePort[];
  /** Runs one inference; concurrent calls are queued by the engine (requests, or connections). */
  infer(inputs: Readonly<Record<string, EngineTensor>>): Promise<Record<string, EngineTensor>>;
  /** Frees what the engine holds (requests, connections). Safe to repeat. */
  dispose(): void;
}

/** A compiled model's port as an engine port (`elementType` undefined for types a Tensor cannot hold). */
export function enginePort(port: Port): EnginePort {
  const elementType = (tensorElementTypes as readonly string[]).includes(port.elementType)
    ? (port.elementType as TensorElementType)
    : undefined;
  return { name: port.name || String(port.index), elementType, shape: port.partialShape };
}
