import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompiledModel as RuntimeCompiledModel } from '@hubvino/runtime';
import { incorrectParameters, native, OpenVinoNodeError } from './errors/openvino-node-error.js';
import { type InferRequest, inferRequestFrom } from './infer-request.js';
import { portIndex } from './model.js';
import { ConstOutput, createOutput, type PortSource } from './output.js';
import type { Interval } from './partial-shape.js';
import { decodeProperty, isPlainObject, type OVAny, propertyMap } from './properties.js';

const runtimeKey = Symbol('hubvino.openvino-node.compiledModel');
let adopting: RuntimeCompiledModel | undefined;

/** Internal: wraps a runtime CompiledModel. */
export function compiledModelFromRuntime(runtime: RuntimeCompiledModel): CompiledModel {
  adopting = runtime;
  try {
    return new CompiledModel();
  } finally {
    adopting = undefined;
  }
}

/** Internal: the runtime CompiledModel behind a CompiledModel. */
export function runtimeCompiledModelOf(compiled: CompiledModel): RuntimeCompiledModel {
  return compiled[runtimeKey]();
}

/** openvino-node's CompiledModel: a model compiled for a device. */
export class CompiledModel implements PortSource {
  readonly #runtime: RuntimeCompiledModel;

  /** Compiled models come from Core.compileModel()/compileModelSync()/importModel(). */
  constructor() {
    if (!adopting) {
      throw new OpenVinoNodeError(
        'A CompiledModel cannot be constructed directly: use core.compileModel() or core.importModel().',
        'ERR_OV_UNSUPPORTED',
      );
    }
    this.#runtime = adopting;
    adopting = undefined;
  }

  /** Internal accessor. */
  [runtimeKey](): RuntimeCompiledModel {
    return this.#runtime;
  }

  /** Internal ({@link PortSource}). */
  portName(kind: 'input' | 'output', index: number): string {
    const ports = kind === 'input' ? this.#runtime.inputs : this.#runtime.outputs;
    return ports[index]?.name ?? '';
  }

  /** Internal ({@link PortSource}). */
  portIntervals(kind: 'input' | 'output', index: number): Interval[] | undefined {
    return native(() => this.#runtime.portShape(kind, index))?.map(([min, max]) => [min, max] as const);
  }

  /** The inputs. */
  get inputs(): ConstOutput[] {
    return this.#runtime.inputs.map((_, index) => createOutput(ConstOutput, this, 'input', index));
  }

  /** The outputs. */
  get outputs(): ConstOutput[] {
    return this.#runtime.outputs.map((_, index) => createOutput(ConstOutput, this, 'output', index));
  }

  /** One input: the only one, or by tensor name or index. */
  input(): ConstOutput;
  input(name: string): ConstOutput;
  input(index: number): ConstOutput;
  input(...args: unknown[]): ConstOutput {
    const names = this.#runtime.inputs.map((port) => port.name);
    return createOutput(ConstOutput, this, 'input', portIndex(names, 'input', args, 'CompiledModel'));
  }

  /** One output: the only one, or by tensor name or index. */
  output(): ConstOutput;
  output(name: string): ConstOutput;
  output(index: number): ConstOutput;
  output(...args: unknown[]): ConstOutput {
    const names = this.#runtime.outputs.map((port) => port.name);
    return createOutput(ConstOutput, this, 'output', portIndex(names, 'output', args, 'CompiledModel'));
  }

  /** A new InferRequest. */
  createInferRequest(): InferRequest;
  createInferRequest(...args: unknown[]): InferRequest {
    if (args.length > 0) throw incorrectParameters('createInferRequest');
    return inferRequestFrom(
      native(() => this.#runtime.createInferRequest()),
      this,
    );
  }

  /**
   * The compiled blob as a Buffer (for Core.importModel). The C API exports to a file only, so the
   * blob goes through a private temporary folder that is removed right after.
   */
  exportModelSync(): Buffer;
  exportModelSync(...args: unknown[]): Buffer {
    if (args.length > 0) throw incorrectParameters('exportModelSync');
    const folder = mkdtempSync(join(tmpdir(), 'hubvino-export-'));
    try {
      const file = join(folder, 'model.blob');
      native(() => this.#runtime.exportModel(file));
      return readFileSync(file);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }

  /** A property's value, typed (numbers, booleans, arrays for list properties). */
  getProperty(propertyName: string): OVAny;
  getProperty(...args: unknown[]): OVAny | OVAny[] {
    const [name] = args;
    if (args.length !== 1 || typeof name !== 'string') throw incorrectParameters('getProperty');
    return decodeProperty(
      name,
      native(() => this.#runtime.getProperty(name)),
    );
  }

  /** Sets run-time properties. */
  setProperty(properties: Record<string, OVAny>): void;
  setProperty(...args: unknown[]): void {
    const [properties] = args;
    if (args.length !== 1 || !isPlainObject(properties)) throw incorrectParameters('setProperty');
    const map = propertyMap(properties);
    if (Object.keys(map).length === 0) return;
    native(() => this.#runtime.setProperty(map));
  }
}
