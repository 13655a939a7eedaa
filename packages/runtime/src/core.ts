import { accessSync, constants, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { CompiledModel } from './compiled-model.js';
import { NativeHandle, NativeObject } from './disposable.js';
import { ArgumentError } from './errors/argument-error.js';
import { ArtifactCorruptError } from './errors/artifact-corrupt-error.js';
import { ArtifactNotFoundError } from './errors/artifact-not-found-error.js';
import { OpenVinoError } from './errors/openvino-error.js';
import { Model, modelHandle } from './model.js';
import { openVino } from './openvino/library.js';
import {
  availableDevices,
  compileModel,
  compileModelAsync,
  compileModelFromFile,
  compileModelFromFileAsync,
  createCore,
  freeCore,
  getCoreProperty,
  importModel,
  openVinoVersion,
  readModel,
  readModelAsync,
  readModelFromBuffer,
  setCoreProperty,
  warmWorkerThreads,
} from './openvino/native-core.js';
import { addExtension, deviceVersions } from './openvino/native-extras.js';
import { coreProperty, importModelWithProperties, queryModel } from './openvino/native-helper.js';
import { type PropertyMap, propertyPairs } from './properties.js';

/** OpenVINO's version as `ov_get_openvino_version` reports it. */
export interface OpenVinoVersion {
  /** e.g. `2026.4.1-22982-e213a147257-releases/2026/4`. */
  buildNumber: string;
  /** e.g. `OpenVINO Runtime`. */
  description: string;
}

interface ModelFiles {
  modelPath: string;
  weightsPath: string | undefined;
}

function modelFiles(modelPath: unknown, weightsPath: unknown): ModelFiles {
  if (typeof modelPath !== 'string' || modelPath.length === 0) {
    throw new ArgumentError(`'modelPath' must be a non-empty path to a model file or SavedModel folder`, {
      argument: 'modelPath',
    });
  }
  if (weightsPath !== undefined && (typeof weightsPath !== 'string' || weightsPath.length === 0)) {
    throw new ArgumentError(`'weightsPath' must be a non-empty path to the .bin file when given`, {
      argument: 'weightsPath',
    });
  }
  const model = resolve(modelPath);
  let weights = weightsPath === undefined ? undefined : resolve(weightsPath);
  if (weights === undefined && extname(model).toLowerCase() === '.xml') weights = `${model.slice(0, -4)}.bin`;
  return { modelPath: model, weightsPath: weights };
}

function notFound(file: string, role: string, error: unknown): ArtifactNotFoundError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (error as Error).message})`;
  return new ArtifactNotFoundError(`The ${role} ${file} ${reason}. Check the path (and permissions).`, {
    cause: error,
  });
}

/**
 * Checks that the model (and weights) files are readable before OpenVINO is asked, so a missing file
 * is an ArtifactNotFoundError naming it. Synchronous also in the async API: `access`/`stat` on a
 * path take microseconds, while their promise forms each cost a round trip through libuv's worker
 * pool (about 2 ms of a 10-20 ms read at start-up, measured with the bench's start-up probe).
 */
function checkFilesSync(files: ModelFiles): void {
  try {
    accessSync(files.modelPath, constants.R_OK);
  } catch (error) {
    throw notFound(files.modelPath, 'model file', error);
  }
  if (files.weightsPath && statSync(files.modelPath).isFile()) {
    try {
      accessSync(files.weightsPath, constants.R_OK);
    } catch (error) {
      throw notFound(files.weightsPath, 'weights file', error);
    }
  }
}

/**
 * The first three lines of OpenVINO's reason in `text`, without the C++ source locations
 * (`Exception from src/...cpp:84:`) that OpenVINO puts before it, joined by spaces.
 */
function openVinoReason(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !/^Exception from \S+:\d+:$/.test(line))
    .slice(0, 3)
    .join(' ');
}

/** Turns an OpenVINO read failure into ArtifactCorruptError naming the file OpenVINO complained about. */
function readFailure(files: ModelFiles, error: unknown): unknown {
  if (!(error instanceof OpenVinoError)) return error;
  const text = error.nativeMessage ?? '';
  const blamesWeights =
    files.weightsPath !== undefined && /\bweights?\b|\.bin\b|bin file|out of range|offset/i.test(text);
  const file = blamesWeights ? (files.weightsPath as string) : files.modelPath;
  const reason = openVinoReason(text);
  return new ArtifactCorruptError(
    `OpenVINO could not read ${blamesWeights ? 'the weights' : 'the model'} ${file}${reason ? `: ${reason}` : ''}. Re-convert or re-download the model.`,
    {
      file: file,
      cause: error,
      nativeStatus: error.nativeStatus,
      nativeFunction: error.nativeFunction,
      nativeMessage: error.nativeMessage,
    },
  );
}

function checkDevice(device: unknown): string {
  if (typeof device !== 'string' || device.length === 0) {
    throw new ArgumentError(`'device' must be a device name such as 'CPU' (got ${JSON.stringify(device)})`, {
      argument: 'device',
    });
  }
  return device;
}

/**
 * The entry point to OpenVINO: reads and compiles models, lists devices, holds global properties
 * (e.g. the model cache `CACHE_DIR`). Loads the OpenVINO C library on first construction.
 *
 * ```ts
 * const core = new Core();
 * const model = await core.readModel('models/mobilenet_v2/1/model.xml');
 * const compiled = await core.compileModel(model, 'CPU', { PERFORMANCE_HINT: 'LATENCY' });
 * ```
 */
export class Core extends NativeObject {
  /** @throws ToolchainError when OpenVINO is not provisioned. */
  constructor() {
    openVino();
    warmWorkerThreads();
    super(new NativeHandle(createCore(), freeCore));
  }

  /** OpenVINO's build number and description. */
  static getVersion(): OpenVinoVersion {
    return openVinoVersion();
  }

  /** Full path of the loaded OpenVINO C library. */
  static getLibraryPath(): string {
    return openVino().libraryPath;
  }

  /** Same as {@link Core.getVersion}. */
  getVersion(): OpenVinoVersion {
    return openVinoVersion();
  }

  /** Devices OpenVINO can use here, e.g. `['CPU']`. */
  getAvailableDevices(): string[] {
    return availableDevices(this.pointer);
  }

  /**
   * Reads a model on a worker thread: OpenVINO IR (`.xml` + `.bin`, the `.bin` found beside the
   * `.xml` unless `weightsPath` is given), TF Lite (`.tflite`), ONNX (`.onnx`), a TF SavedModel
   * folder or a frozen `.pb`.
   * @throws ArtifactNotFoundError when a file is missing or unreadable; ArtifactCorruptError naming
   *   the file when OpenVINO cannot read it (not IR, truncated weights, ...).
   */
  async readModel(modelPath: string, weightsPath?: string): Promise<Model> {
    const files = modelFiles(modelPath, weightsPath);
    checkFilesSync(files);
    const handle = this.handle;
    handle.retain();
    try {
      const pointer = await readModelAsync(handle.pointer, files.modelPath, files.weightsPath);
      return new Model(pointer, handle);
    } catch (error) {
      throw readFailure(files, error);
    } finally {
      handle.release();
    }
  }

  /** {@link Core.readModel} on the calling thread. */
  readModelSync(modelPath: string, weightsPath?: string): Model {
    const files = modelFiles(modelPath, weightsPath);
    checkFilesSync(files);
    try {
      return new Model(readModel(this.pointer, files.modelPath, files.weightsPath), this.handle);
    } catch (error) {
      throw readFailure(files, error);
    }
  }

  /**
   * Reads a model from memory: IR XML text (or bytes) and its weights. The weights are copied.
   * @throws ArtifactCorruptError (file `<buffer>`) when OpenVINO cannot read it.
   */
  readModelFromBuffer(model: string | Uint8Array, weights?: Uint8Array): Model {
    const bytes = typeof model === 'string' ? Buffer.from(model, 'utf8') : model;
    if (!(bytes instanceof Uint8Array) || bytes.byteLength === 0) {
      throw new ArgumentError(`'model' must be non-empty IR XML text or bytes`, { argument: 'model' });
    }
    if (weights !== undefined && !(weights instanceof Uint8Array)) {
      throw new ArgumentError(`'weights' must be a Uint8Array (the .bin contents) when given`, { argument: 'weights' });
    }
    try {
      return new Model(readModelFromBuffer(this.pointer, bytes, weights), this.handle);
    } catch (error) {
      throw readFailure({ modelPath: '<buffer>', weightsPath: weights ? '<weights buffer>' : undefined }, error);
    }
  }

  /**
   * Compiles a Model (or a model file) for `device` on a worker thread, so the event loop keeps
   * running. `config` holds OpenVINO properties: `PERFORMANCE_HINT` (`LATENCY` | `THROUGHPUT`),
   * `CACHE_DIR` (model cache), `INFERENCE_NUM_THREADS`, `NUM_STREAMS`, ...
   * @throws ArgumentError for bad arguments; OpenVinoError when OpenVINO refuses.
   */
  async compileModel(model: Model | string, device = 'CPU', config?: PropertyMap): Promise<CompiledModel> {
    checkDevice(device);
    const properties = propertyPairs(config);
    const handle = this.handle;
    if (typeof model === 'string') {
      const files = modelFiles(model, undefined);
      checkFilesSync(files);
      handle.retain();
      try {
        const pointer = await compileModelFromFileAsync(handle.pointer, files.modelPath, device, properties);
        return new CompiledModel(pointer, handle);
      } catch (error) {
        throw readFailure(files, error);
      } finally {
        handle.release();
      }
    }
    const nativeModel = checkModel(model);
    handle.retain();
    nativeModel.retain();
    try {
      return new CompiledModel(
        await compileModelAsync(handle.pointer, nativeModel.pointer, device, properties),
        handle,
      );
    } finally {
      nativeModel.release();
      handle.release();
    }
  }

  /** {@link Core.compileModel} on the calling thread (uses the variadic `ov_core_compile_model`). */
  compileModelSync(model: Model | string, device = 'CPU', config?: PropertyMap): CompiledModel {
    checkDevice(device);
    const properties = propertyPairs(config);
    if (typeof model === 'string') {
      const files = modelFiles(model, undefined);
      checkFilesSync(files);
      try {
        return new CompiledModel(compileModelFromFile(this.pointer, files.modelPath, device, properties), this.handle);
      } catch (error) {
        throw readFailure(files, error);
      }
    }
    const nativeModel = checkModel(model);
    return new CompiledModel(compileModel(this.pointer, nativeModel.pointer, device, properties), this.handle);
  }

  /**
   * Imports a blob written by {@link CompiledModel.exportModel}. With `config` (properties for this
   * import) it needs the optional OpenVINO helper: the C API's import takes no properties.
   */
  importModel(blob: Uint8Array, device = 'CPU', config?: PropertyMap): CompiledModel {
    checkDevice(device);
    if (!(blob instanceof Uint8Array) || blob.byteLength === 0) {
      throw new ArgumentError(`'blob' must be the non-empty bytes of an exported model`, { argument: 'blob' });
    }
    const properties = propertyPairs(config);
    if (properties.length > 0) {
      return new CompiledModel(importModelWithProperties(this.pointer, blob, device, properties), this.handle);
    }
    return new CompiledModel(importModel(this.pointer, blob, device), this.handle);
  }

  /** Reads a device property, e.g. `getProperty('CPU', 'FULL_DEVICE_NAME')`. */
  getProperty(device: string, key: string): string {
    checkDevice(device);
    if (typeof key !== 'string' || key.length === 0)
      throw new ArgumentError(`'key' must be a property name`, { argument: 'key' });
    return getCoreProperty(this.pointer, device, key);
  }

  /**
   * Sets properties for every device (`setProperty({ CACHE_DIR: 'cache' })`) or for one
   * (`setProperty('CPU', { INFERENCE_NUM_THREADS: 2 })`).
   */
  setProperty(deviceOrConfig: string | PropertyMap, config?: PropertyMap): void {
    if (typeof deviceOrConfig === 'string') {
      setCoreProperty(this.pointer, checkDevice(deviceOrConfig), propertyPairs(config));
    } else {
      setCoreProperty(this.pointer, undefined, propertyPairs(deviceOrConfig, 'deviceOrConfig'));
    }
  }

  /**
   * Loads an OpenVINO extension library (custom operations, frontend extensions) into this Core.
   * @throws ArgumentError for an empty path; OpenVinoError when OpenVINO cannot load it.
   */
  addExtension(libraryPath: string): void {
    if (typeof libraryPath !== 'string' || libraryPath.length === 0) {
      throw new ArgumentError(`'libraryPath' must be the path of an OpenVINO extension library`, {
        argument: 'libraryPath',
      });
    }
    addExtension(this.pointer, libraryPath);
  }

  /**
   * Versions of the plugins behind `device` (`'CPU'`, `'AUTO:CPU'`, ...), one entry per plugin.
   * @throws OpenVinoError for an unknown device.
   */
  getVersions(device: string): { device: string; buildNumber: string; description: string }[] {
    return deviceVersions(this.pointer, checkDevice(device));
  }

  /**
   * Which device supports each operation of `model` (`ov::Core::query_model`): operation name ->
   * device. Needs the optional OpenVINO helper: the C API has no query_model.
   */
  queryModel(model: Model, device: string, config?: PropertyMap): Record<string, string> {
    checkDevice(device);
    const nativeModel = checkModel(model);
    return queryModel(this.pointer, nativeModel.pointer, device, propertyPairs(config));
  }

  /**
   * Reads a Core-wide property (no device), e.g. `CACHE_DIR`, as OpenVINO prints it. Needs the
   * optional OpenVINO helper: the C API's get_property requires a device.
   */
  getCoreProperty(key: string): string {
    if (typeof key !== 'string' || key.length === 0)
      throw new ArgumentError(`'key' must be a property name`, { argument: 'key' });
    return coreProperty(this.pointer, '', key);
  }
}

function checkModel(model: unknown): NativeHandle {
  if (!(model instanceof Model)) {
    throw new ArgumentError(`'model' must be a Model from core.readModel() or a path to a model file`, {
      argument: 'model',
    });
  }
  return model[modelHandle]();
}
