import { NativeHandle, NativeObject } from './disposable.js';
import { ArgumentError } from './errors/argument-error.js';
import { InferRequest } from './infer-request.js';
import {
  compiledModelInputs,
  compiledModelOutputs,
  createInferRequest,
  exportCompiledModel,
  freeCompiledModel,
  getCompiledModelProperty,
  setCompiledModelProperty,
} from './openvino/native-compiled-model.js';
import { type IntervalShape, portIntervals } from './openvino/native-extras.js';
import { createPort, findPort, type Port } from './port.js';
import { type PropertyMap, propertyPairs } from './properties.js';

/**
 * A model compiled for a device by {@link Core.compileModel}. Creates {@link InferRequest}s (or use
 * an {@link InferQueue}). It keeps its Core's native object alive; its requests keep it alive.
 */
export class CompiledModel extends NativeObject {
  readonly #inputs: readonly Port[];
  readonly #outputs: readonly Port[];

  /** Internal: use {@link Core.compileModel}. */
  constructor(pointer: bigint, parent?: NativeHandle) {
    super(new NativeHandle(pointer, freeCompiledModel, parent));
    this.#inputs = Object.freeze(compiledModelInputs(pointer).map(createPort));
    this.#outputs = Object.freeze(compiledModelOutputs(pointer).map(createPort));
  }

  /** The inputs, in order. */
  get inputs(): readonly Port[] {
    return this.#inputs;
  }

  /** The outputs, in order. */
  get outputs(): readonly Port[] {
    return this.#outputs;
  }

  /** One input by tensor name or index; with no argument, the only input. */
  input(nameOrIndex?: string | number): Port {
    return findPort(this.#inputs, nameOrIndex, 'nameOrIndex', 'input');
  }

  /** One output by tensor name or index; with no argument, the only output. */
  output(nameOrIndex?: string | number): Port {
    return findPort(this.#outputs, nameOrIndex, 'nameOrIndex', 'output');
  }

  /**
   * Reads a property as OpenVINO's string form, e.g. `getProperty('OPTIMAL_NUMBER_OF_INFER_REQUESTS')`
   * -> `'2'`, `getProperty('PERFORMANCE_HINT')` -> `'LATENCY'`.
   */
  getProperty(key: string): string {
    if (typeof key !== 'string' || key.length === 0)
      throw new ArgumentError(`'key' must be a property name`, { argument: 'key' });
    return getCompiledModelProperty(this.pointer, key);
  }

  /** Sets run-time properties the device allows changing after compilation. */
  setProperty(config: PropertyMap): void {
    setCompiledModelProperty(this.pointer, propertyPairs(config));
  }

  /** A new request with its own input and output tensors. */
  createInferRequest(): InferRequest {
    const handle = this.handle;
    return new InferRequest(createInferRequest(handle.pointer), handle, this.#inputs, this.#outputs);
  }

  /** The partial shape of an input or output with its intervals (see {@link Model.portShape}). */
  portShape(kind: 'input' | 'output', index: number): IntervalShape {
    const ports = kind === 'input' ? this.#inputs : this.#outputs;
    if (!Number.isInteger(index) || index < 0 || index >= ports.length) {
      throw new ArgumentError(`'index' ${index} is not a valid ${kind} index; the model has ${ports.length} ${kind}s`, {
        argument: 'index',
      });
    }
    return portIntervals(this.pointer, kind === 'input' ? 'compiled-input' : 'compiled-output', index);
  }

  /** Writes the compiled blob to `path` (read back with {@link Core.importModel}). */
  exportModel(path: string): void {
    if (typeof path !== 'string' || path.length === 0)
      throw new ArgumentError(`'path' must be a file path`, { argument: 'path' });
    exportCompiledModel(this.pointer, path);
  }
}
