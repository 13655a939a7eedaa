import { join, normalize } from 'node:path';
import type { CompiledModel } from '../compiled-model.js';
import { Core } from '../core.js';
import { ArgumentError } from '../errors/argument-error.js';
import { ArtifactCorruptError } from '../errors/artifact-corrupt-error.js';
import type { Model } from '../model.js';
import { readCpuFeatures } from '../precision/cpu-features.js';
import {
  applyCpuPrecision,
  type CpuPrecisionDecision,
  checkInferencePrecision,
  checkLowPrecisionMode,
  chooseCpuPrecision,
  type InferencePrecision,
  type LowPrecisionMode,
} from '../precision/cpu-precision.js';
import type { PropertyMap } from '../properties.js';
import { parseLabels } from '../tasks/common/labels.js';
import { readArtifactText } from './artifact-files.js';
import { type Manifest, MODEL_BIN_FILE_NAME, MODEL_XML_FILE_NAME } from './manifest.js';
import { type OpenedArtifact, openArtifact } from './open-artifact.js';
import { verifyArtifactFiles } from './repository.js';

/** Options of {@link loadArtifact}. */
export interface LoadArtifactOptions {
  /** The version to load; default the latest (highest) one. */
  version?: number;
  /** Device to compile for; default the manifest's `compile.device`, else `CPU`. */
  device?: string;
  /** OpenVINO properties; merged over the manifest's `compile.config` (the caller wins). */
  config?: PropertyMap;
  /**
   * Low-precision (u8/i8) kernels for quantized models on CPU: `auto` (default) keeps them where the
   * CPU has exact 8-bit dot products (VNNI/AMX) or the manifest records them passing validation on
   * CPUs without, else compiles with `LP_TRANSFORMS_MODE: NO`; `on` / `off` force it. See
   * `chooseCpuPrecision`; the decision is in `LoadedArtifact.precision` and logged with `NODE_DEBUG=hubvino`.
   */
  lowPrecision?: LowPrecisionMode;
  /** `INFERENCE_PRECISION_HINT` over the manifest's: `auto` (default: the manifest's or the plugin's), `f32`, `bf16`, `f16`. */
  inferencePrecision?: InferencePrecision;
  /** OpenVINO model cache folder (`CACHE_DIR`); compiled blobs are reused from there on the next load. */
  cacheDirectory?: string;
  /** Core to read and compile with; default a new one owned (and disposed) by the artifact. */
  core?: Core;
  /**
   * Check every file's size and SHA-256 against the manifest before reading (default true). Turn
   * off only for artifacts you just verified yourself.
   */
  verify?: boolean;
  /**
   * Called with the Model after it is read and before it is compiled, e.g. to add
   * PrePostProcessor steps. Returns the model to compile (usually the same one).
   */
  prepareModel?: (model: Model, manifest: Manifest) => Model | Promise<Model>;
}

/** A loaded, verified and compiled artifact. Dispose it to free the native objects. */
export interface LoadedArtifact extends Disposable {
  /** The model name in the repository. */
  readonly name: string;
  /** The version that was loaded. */
  readonly version: number;
  /** `<repository>/<name>/<version>`. */
  readonly directory: string;
  /** The parsed `hubvino.json`. */
  readonly manifest: Manifest;
  /** The Model as read (after `prepareModel`). */
  readonly model: Model;
  /** The compiled model. */
  readonly compiledModel: CompiledModel;
  /** The Core it was compiled with. */
  readonly core: Core;
  /** The device and properties it was compiled with. */
  readonly device: string;
  readonly config: Readonly<Record<string, string | number | boolean>>;
  /** Labels from `postprocessing.labelsFile`, when the manifest names one. */
  readonly labels: readonly string[] | undefined;
  /** The CPU precision path taken (low precision on/off) and why. */
  readonly precision: CpuPrecisionDecision;
  /** Frees the compiled model, the model and (when the artifact created it) the Core. Safe to repeat. */
  dispose(): void;
}

/**
 * Loads a model artifact from an OpenVINO Model Server layout repository
 * (`<repository>/<name>/<version>/{model.xml, model.bin, hubvino.json, labels.txt}`): resolves the
 * version (latest by default), reads and validates `hubvino.json`, verifies every listed file's
 * size and SHA-256, reads the IR and compiles it with the manifest's `compile` settings (the
 * caller's `device`/`config`/`cacheDirectory` win).
 *
 * ```ts
 * using artifact = await loadArtifact('models', 'mobilenet_v2');
 * const request = artifact.compiledModel.createInferRequest();
 * ```
 * @throws ArtifactNotFoundError when the model, version or manifest is missing (says how to convert one).
 * @throws ArtifactCorruptError naming the file when the manifest is invalid, a file is missing,
 *   truncated or altered, or OpenVINO cannot read the IR.
 */
export async function loadArtifact(
  repository: string,
  name: string,
  options: LoadArtifactOptions = {},
): Promise<LoadedArtifact> {
  checkLoadOptions(options);
  return compileArtifact(await openArtifact(repository, name, options.version), options);
}

/**
 * The second half of {@link loadArtifact}: verifies the files of an artifact opened with
 * `openArtifact`, reads its labels and IR, runs `prepareModel` and compiles. Tasks call this
 * after checking the manifest they already read.
 */
export async function compileArtifact(
  opened: OpenedArtifact,
  options: Omit<LoadArtifactOptions, 'version'> = {},
): Promise<LoadedArtifact> {
  checkLoadOptions(options);
  const { name, version, directory, manifest } = opened;
  // Kinds and sizes always (a FIFO or a link to /dev/zero would hang or escape); digests unless turned off.
  await verifyArtifactFiles(directory, manifest, { checksums: options.verify !== false });

  let labels: string[] | undefined;
  const labelsFile = manifest.postprocessing?.labelsFile;
  if (labelsFile !== undefined) {
    const file = join(directory, labelsFile);
    // readManifest made sure it is listed in `files`, so it was just verified like the IR.
    const listedSize = manifest.files.find((entry) => normalize(entry.path) === normalize(labelsFile))?.size ?? 0;
    try {
      labels = parseLabels(await readArtifactText(directory, labelsFile, 'the labels file', listedSize));
      if (labels.length === 0) throw new Error('it holds no label');
    } catch (error) {
      throw new ArtifactCorruptError(
        `${file} (the manifest's labels file) cannot be used: ${(error as Error).message}`,
        {
          file,
          cause: error,
        },
      );
    }
  }

  const device = options.device ?? manifest.compile?.device ?? 'CPU';
  const lowPrecision = checkLowPrecisionMode(options.lowPrecision ?? manifest.compile?.lowPrecision);
  const inferencePrecision = checkInferencePrecision(options.inferencePrecision);

  const ownsCore = options.core === undefined;
  const core = options.core ?? new Core();
  let model: Model | undefined;
  try {
    const precision = chooseCpuPrecision({
      cpu: readCpuFeatures(core),
      manifest,
      device,
      lowPrecision,
      inferencePrecision,
    });
    const config = applyCpuPrecision(
      precision,
      {
        ...(manifest.compile?.config ?? {}),
        ...(options.cacheDirectory === undefined ? {} : { CACHE_DIR: options.cacheDirectory }),
        ...(options.config ?? {}),
      },
      `${name} version ${version}`,
    );
    if (inferencePrecision !== 'auto') config.INFERENCE_PRECISION_HINT = inferencePrecision;
    model = await core.readModel(join(directory, MODEL_XML_FILE_NAME), join(directory, MODEL_BIN_FILE_NAME));
    if (options.prepareModel) model = await options.prepareModel(model, manifest);
    const compiledModel = await core.compileModel(model, device, config);
    return createLoadedArtifact({
      name,
      version,
      directory,
      manifest,
      model,
      compiledModel,
      core,
      ownsCore,
      device,
      config,
      labels,
      precision,
    });
  } catch (error) {
    model?.dispose();
    if (ownsCore) core.dispose();
    throw error;
  }
}

function checkLoadOptions(options: Omit<LoadArtifactOptions, 'version'>): void {
  if (options.core !== undefined && !(options.core instanceof Core)) {
    throw new ArgumentError(`'core' must be a Core when given`, { argument: 'core' });
  }
  if (
    options.cacheDirectory !== undefined &&
    (typeof options.cacheDirectory !== 'string' || options.cacheDirectory === '')
  ) {
    throw new ArgumentError(`'cacheDirectory' must be a folder path when given`, { argument: 'cacheDirectory' });
  }
}

function createLoadedArtifact(parts: {
  name: string;
  version: number;
  directory: string;
  manifest: Manifest;
  model: Model;
  compiledModel: CompiledModel;
  core: Core;
  ownsCore: boolean;
  device: string;
  config: Record<string, string | number | boolean>;
  labels: string[] | undefined;
  precision: CpuPrecisionDecision;
}): LoadedArtifact {
  const { ownsCore, ...fields } = parts;
  const dispose = () => {
    parts.compiledModel.dispose();
    parts.model.dispose();
    if (ownsCore) parts.core.dispose();
  };
  return Object.freeze({
    ...fields,
    config: Object.freeze({ ...parts.config }),
    labels: parts.labels === undefined ? undefined : Object.freeze([...parts.labels]),
    dispose,
    [Symbol.dispose]: dispose,
  });
}
