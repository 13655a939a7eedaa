import { Core as RuntimeCore, type Model as RuntimeModel } from '@hubvino/runtime';
import { type CompiledModel, compiledModelFromRuntime } from './compiled-model.js';
import { incorrectParameters, native, nativeAsync, OpenVinoNodeError } from './errors/openvino-node-error.js';
import { Model, modelFromRuntime, runtimeModelOf } from './model.js';
import { decodeProperty, isPlainObject, type OVAny, propertyMap } from './properties.js';
import { Tensor } from './tensor.js';

/** openvino-node's version record; `toString()` is non-enumerable, as there. */
export interface Version {
  buildNumber: string;
  description: string;
}

/** A Version object with openvino-node's non-enumerable, multi-line `toString()`. */
export function versionObject(description: string, buildNumber: string): Version {
  const version = { buildNumber, description };
  Object.defineProperty(version, 'toString', {
    value: () => `${description}\n    Version : ${buildNumber.split('-')[0]}\n    Build   : ${buildNumber}`,
    enumerable: false,
  });
  return version;
}

/** The argument types in openvino-node's "Provided signature" wording (JavaScript `typeof`). */
function signatureOf(args: readonly unknown[]): string {
  return `(${args.map((value) => typeof value).join(', ')})`;
}

/** openvino-node's error for a call that matches none of its signatures, listing them. */
export function signatureError(
  method: string,
  args: readonly unknown[],
  allowed: readonly string[],
): OpenVinoNodeError {
  return new OpenVinoNodeError(
    `'${method}' method called with incorrect parameters.\nProvided signature: ${signatureOf(args)} \nAllowed signatures:\n${allowed.map((signature) => `- ${signature}\n`).join('')}`,
  );
}

const compileSignatures = [
  '(string, string)',
  '(Model, string)',
  '(string, string, object)',
  '(Model, string, object)',
];

type ModelSource =
  | { path: string; weights: string | undefined }
  | { model: Uint8Array; weights: Uint8Array | undefined };

function readSource(method: string, args: readonly unknown[]): ModelSource {
  const [first, second] = args;
  if (args.length === 0 || args.length > 2) throw incorrectParameters(method);
  if (typeof first === 'string') {
    if (second instanceof Tensor) {
      const data = second.getData();
      if (!(data instanceof Uint8Array) && !ArrayBuffer.isView(data)) throw incorrectParameters(method);
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      return { model: Buffer.from(first, 'utf8'), weights: bytes };
    }
    if (second !== undefined && typeof second !== 'string') throw incorrectParameters(method);
    return { path: first, weights: second as string | undefined };
  }
  if (first instanceof Uint8Array) {
    if (second !== undefined && !(second instanceof Uint8Array)) throw incorrectParameters(method);
    return { model: first, weights: second as Uint8Array | undefined };
  }
  throw incorrectParameters(method);
}

/** openvino-node's Core. */
export class Core {
  readonly #runtime: RuntimeCore;

  constructor() {
    this.#runtime = native(() => new RuntimeCore());
  }

  /** Reads a model (IR, ONNX, TF, TF Lite, PaddlePaddle) on the calling thread. */
  readModelSync(modelPath: string, weightsPath?: string): Model;
  readModelSync(model: string, weights: Tensor): Model;
  readModelSync(modelBuffer: Uint8Array, weightsBuffer?: Uint8Array): Model;
  readModelSync(...args: unknown[]): Model {
    const source = readSource('readModelSync', args);
    return modelFromRuntime(native(() => this.#read(source)));
  }

  /** Reads a model; from a path on a worker thread. Bad arguments throw at once. */
  readModel(modelPath: string, weightsPath?: string): Promise<Model>;
  readModel(model: string, weights: Tensor): Promise<Model>;
  readModel(modelBuffer: Uint8Array, weightsBuffer?: Uint8Array): Promise<Model>;
  readModel(...args: unknown[]): Promise<Model> {
    const source = readSource('readModel', args);
    if ('path' in source) {
      return nativeAsync(this.#runtime.readModel(source.path, source.weights)).then(modelFromRuntime);
    }
    return new Promise((resolve, reject) => {
      // Buffers are parsed by OpenVINO on the calling thread (a C call with no async form); the
      // Promise settles on the next turn so callers' ordering matches openvino-node's.
      setImmediate(() => {
        try {
          resolve(modelFromRuntime(native(() => this.#read(source))));
        } catch (error) {
          reject(error);
        }
      });
    });
  }

  #read(source: ModelSource): RuntimeModel {
    if ('path' in source) return this.#runtime.readModelSync(source.path, source.weights);
    return this.#runtime.readModelFromBuffer(source.model, source.weights);
  }

  #compileArguments(method: string, args: readonly unknown[]): [RuntimeModel | string, string, Record<string, OVAny>] {
    const [model, device, config] = args;
    if (args.length < 2 || args.length > 3) {
      if (method === 'compileModel') throw new OpenVinoNodeError('Invalid number of arguments for compileModel().');
      throw signatureError(method, args, compileSignatures);
    }
    if (!(model instanceof Model || typeof model === 'string') || typeof device !== 'string') {
      throw signatureError(method, args, compileSignatures);
    }
    if (config !== undefined && !isPlainObject(config)) throw signatureError(method, args, compileSignatures);
    const properties = config === undefined ? {} : propertyMap(config);
    return [model instanceof Model ? runtimeModelOf(model) : model, device, properties];
  }

  /** Compiles a Model or a model file for a device on the calling thread. */
  compileModelSync(model: Model | string, deviceName: string, config?: Record<string, OVAny>): CompiledModel;
  compileModelSync(...args: unknown[]): CompiledModel {
    const [model, device, config] = this.#compileArguments('compileModelSync', args);
    return compiledModelFromRuntime(native(() => this.#runtime.compileModelSync(model, device, config)));
  }

  /** Compiles on a worker thread. Bad arguments throw at once. */
  compileModel(model: Model | string, deviceName: string, config?: Record<string, OVAny>): Promise<CompiledModel>;
  compileModel(...args: unknown[]): Promise<CompiledModel> {
    const [model, device, config] = this.#compileArguments('compileModel', args);
    return nativeAsync(this.#runtime.compileModel(model, device, config)).then(compiledModelFromRuntime);
  }

  #importArguments(method: string, args: readonly unknown[]): [Uint8Array, string, Record<string, OVAny>] {
    const [blob, device, config] = args;
    const sync = method === 'importModelSync';
    if (args.length < 2 || args.length > 3) throw incorrectParameters(method);
    let bytes: Uint8Array;
    if (blob instanceof Tensor) {
      const data = blob.getData();
      if (!(data instanceof Uint8Array) || blob.getElementType() !== 'u8') {
        throw new OpenVinoNodeError('The model tensor must be of type u8 with shape [byte_count].');
      }
      bytes = data;
    } else if (blob instanceof Uint8Array) {
      bytes = blob;
    } else {
      throw sync ? new OpenVinoNodeError('The first argument must be of type Buffer.') : incorrectParameters(method);
    }
    if (typeof device !== 'string') {
      throw sync ? new OpenVinoNodeError('The second argument must be of type String.') : incorrectParameters(method);
    }
    if (config !== undefined && (typeof config !== 'object' || config === null)) {
      throw sync ? new OpenVinoNodeError('Passed Napi::Value must be an object.') : incorrectParameters(method);
    }
    const properties = config === undefined ? {} : propertyMap(config as Record<string, unknown>);
    return [bytes, device, properties];
  }

  /** Imports a blob from CompiledModel.exportModelSync() on the calling thread. */
  importModelSync(modelStream: Buffer | Tensor, device: string, config?: Record<string, OVAny>): CompiledModel;
  importModelSync(...args: unknown[]): CompiledModel {
    const [bytes, device, config] = this.#importArguments('importModelSync', args);
    return compiledModelFromRuntime(native(() => this.#runtime.importModel(bytes, device, config)));
  }

  /** Imports a blob; settles on the next turn (the C API's import has no async form). */
  importModel(modelStream: Buffer | Tensor, device: string, config?: Record<string, OVAny>): Promise<CompiledModel>;
  importModel(...args: unknown[]): Promise<CompiledModel> {
    const [bytes, device, config] = this.#importArguments('importModel', args);
    return new Promise((resolve, reject) => {
      setImmediate(() => {
        try {
          resolve(compiledModelFromRuntime(native(() => this.#runtime.importModel(bytes, device, config))));
        } catch (error) {
          reject(error);
        }
      });
    });
  }

  /** Devices OpenVINO can use here. */
  getAvailableDevices(): string[] {
    return native(() => this.#runtime.getAvailableDevices());
  }

  /** Plugin versions behind a device: `{ CPU: { buildNumber, description } }`. */
  getVersions(deviceName: string): { [deviceName: string]: Version };
  getVersions(...args: unknown[]): Record<string, Version> {
    const [device] = args;
    if (args.length !== 1 || typeof device !== 'string') {
      throw new OpenVinoNodeError('getVersions() method expects 1 argument of string type.');
    }
    const result: Record<string, Version> = {};
    for (const entry of native(() => this.#runtime.getVersions(device))) {
      result[entry.device] = versionObject(entry.description, entry.buildNumber);
    }
    return result;
  }

  /** A property: `getProperty(name)` of the Core or `getProperty(device, name)`; typed. */
  getProperty(propertyName: string): OVAny;
  getProperty(deviceName: string, propertyName: string): OVAny;
  getProperty(...args: unknown[]): OVAny | OVAny[] {
    if (args.length === 1 && typeof args[0] === 'string') {
      const name = args[0];
      return decodeProperty(
        name,
        native(() => this.#runtime.getCoreProperty(name)),
      );
    }
    if (args.length === 2 && typeof args[0] === 'string' && typeof args[1] === 'string') {
      const [device, name] = args as [string, string];
      return decodeProperty(
        name,
        native(() => this.#runtime.getProperty(device, name)),
      );
    }
    throw incorrectParameters('getProperty');
  }

  /** Sets properties: `setProperty({ ... })` for the Core, `setProperty(device, { ... })`. */
  setProperty(properties: Record<string, OVAny>): void;
  setProperty(deviceName: string, properties: Record<string, OVAny>): void;
  setProperty(...args: unknown[]): void {
    if (args.length === 1 && isPlainObject(args[0])) {
      const map = propertyMap(args[0]);
      native(() => this.#runtime.setProperty(map));
      return;
    }
    if (args.length === 2 && typeof args[0] === 'string' && isPlainObject(args[1])) {
      const device = args[0];
      const map = propertyMap(args[1]);
      native(() => this.#runtime.setProperty(device, map));
      return;
    }
    throw incorrectParameters('setProperty');
  }

  /** Loads an OpenVINO extension library. */
  addExtension(libraryPath: string): void;
  addExtension(...args: unknown[]): void {
    const [path] = args;
    if (args.length !== 1 || typeof path !== 'string') {
      throw new OpenVinoNodeError('addExtension method applies one argument of string type');
    }
    native(() => this.#runtime.addExtension(path));
  }

  /** Which device would run each operation of `model`: `{ operationName: device }`. */
  queryModel(model: Model, deviceName: string, properties?: Record<string, OVAny>): { [key: string]: string };
  queryModel(...args: unknown[]): Record<string, string> {
    const [model, device, config] = args;
    if (args.length < 2 || args.length > 3 || !(model instanceof Model) || typeof device !== 'string') {
      throw incorrectParameters('queryModel');
    }
    if (config !== undefined && !isPlainObject(config)) throw incorrectParameters('queryModel');
    const properties = config === undefined ? {} : propertyMap(config);
    return native(() => this.#runtime.queryModel(runtimeModelOf(model), device, properties));
  }
}
