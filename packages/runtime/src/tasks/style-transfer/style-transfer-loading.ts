import { compileArtifact, type LoadedArtifact } from '../../artifact/load-artifact.js';
import type { Manifest } from '../../artifact/manifest.js';
import { type OpenedArtifact, openArtifact } from '../../artifact/open-artifact.js';
import { assertModelName } from '../../artifact/repository.js';
import type { CompiledModel } from '../../compiled-model.js';
import { ArgumentError } from '../../errors/argument-error.js';
import { ArtifactCorruptError } from '../../errors/artifact-corrupt-error.js';
import type { Model } from '../../model.js';
import { readCpuFeatures } from '../../precision/cpu-features.js';
import { cpuCompileConfig, type LowPrecisionMode } from '../../precision/cpu-precision.js';
import type { PropertyMap } from '../../properties.js';
import type { OwnedResources } from '../base/owned-resources.js';
import { checkTaskManifest } from '../base/task-artifact.js';
import { type PreparedOnePiece, prepareOnePieceModel } from './style-one-piece-model.js';
import {
  type PreparedStylePrediction,
  type PreparedStyleTransfer,
  prepareStylePredictionModel,
  prepareStyleTransferModel,
  type StyleValueRange,
} from './style-transfer-models.js';
import {
  STYLE_ONE_PIECE_ROLE,
  STYLE_PREDICTION_ROLE,
  STYLE_TRANSFER_DEFAULT_CONFIG,
  STYLE_TRANSFER_ROLE,
  type StyleTransferLoadOptions,
  type StyleTransferParts,
} from './style-transfer-options.js';

/** TF Hub's one-piece SavedModel form (content + style image -> image), prepared and compiled. */
export interface OnePieceStyleTransferModel {
  form: 'one-piece';
  onePiece: PreparedOnePiece & { compiledModel: CompiledModel };
  manifest: Manifest;
}

/** Both parts, prepared and compiled, and their manifests when they came from artifacts. */
export interface StyleTransferModels {
  form?: 'two-part';
  prediction: PreparedStylePrediction & { compiledModel: CompiledModel };
  transfer: PreparedStyleTransfer & { compiledModel: CompiledModel };
  manifests: StyleTransferParts<Manifest> | undefined;
}

/**
 * Reads, prepares and compiles the two parts from model files OpenVINO reads directly, with
 * {@link STYLE_TRANSFER_DEFAULT_CONFIG} under the caller's config; `resources` owns the results.
 */
export async function compileStyleTransferFiles(
  modelPaths: StyleTransferParts<string>,
  valueRange: StyleValueRange,
  options: { device?: string; config?: PropertyMap; lowPrecision?: LowPrecisionMode },
  resources: OwnedResources,
): Promise<StyleTransferModels> {
  const { core } = resources;
  const device = options.device ?? 'CPU';
  // This CPU's low-precision decision under the task's f32 and the caller's config.
  const { config } = cpuCompileConfig(
    readCpuFeatures(core),
    { device, config: { ...STYLE_TRANSFER_DEFAULT_CONFIG, ...options.config }, lowPrecision: options.lowPrecision },
    'style transfer',
  );
  const compile = async <T extends { model: Model }>(
    path: string,
    prepare: (model: Model, range: StyleValueRange) => T,
  ) => {
    const prepared = prepare(await core.readModel(path), valueRange);
    resources.own(prepared.model);
    return { ...prepared, compiledModel: resources.own(await core.compileModel(prepared.model, device, config)) };
  };
  return checkCompatible({
    prediction: await compile(modelPaths.prediction, prepareStylePredictionModel),
    transfer: await compile(modelPaths.transfer, prepareStyleTransferModel),
    manifests: undefined,
  });
}

/**
 * Opens both parts (following `companions` for a single name), checks their task and role,
 * then verifies, prepares and compiles each with `resources.core`, which owns the results.
 * Each manifest is read once.
 */
export async function loadStyleTransferParts(
  repository: string,
  names: string | StyleTransferParts<string>,
  options: StyleTransferLoadOptions,
  resources: OwnedResources,
): Promise<StyleTransferModels | OnePieceStyleTransferModel> {
  const opened = await openParts(repository, names, options.version);
  const { version: _version, core: _core, ...loadOptions } = options;
  if ('onePiece' in opened) {
    let prepared: PreparedOnePiece | undefined;
    const artifact = resources.own(
      await compileArtifact(opened.onePiece, {
        ...loadOptions,
        config: partConfig(opened.onePiece.manifest, options.config),
        core: resources.core,
        prepareModel: (model, manifest) => {
          prepared = prepareOnePieceModel(model, manifest.stylization);
          return prepared.model;
        },
      }),
    );
    return {
      form: 'one-piece',
      onePiece: { ...(prepared as PreparedOnePiece), compiledModel: artifact.compiledModel },
      manifest: artifact.manifest,
    };
  }
  const load = async <T extends { model: Model }>(
    part: OpenedArtifact,
    prepare: (model: Model, valueRange: StyleValueRange) => T,
  ): Promise<T & { artifact: LoadedArtifact; compiledModel: CompiledModel }> => {
    let prepared: T | undefined;
    const artifact = resources.own(
      await compileArtifact(part, {
        ...loadOptions,
        config: partConfig(part.manifest, options.config),
        core: resources.core,
        prepareModel: (model, manifest) => {
          prepared = prepare(model, manifestValueRange(manifest));
          return prepared.model;
        },
      }),
    );
    return { ...(prepared as T), artifact, compiledModel: artifact.compiledModel };
  };
  const prediction = await load(opened.prediction, prepareStylePredictionModel);
  const transfer = await load(opened.transfer, prepareStyleTransferModel);
  return checkCompatible({
    prediction,
    transfer,
    manifests: { prediction: prediction.artifact.manifest, transfer: transfer.artifact.manifest },
  });
}

/** @throws ArgumentError (argument `models`) unless the prediction part's bottleneck fits the transfer part. */
function checkCompatible(models: StyleTransferModels): StyleTransferModels {
  const { prediction, transfer } = models;
  if (prediction.bottleneckSize !== transfer.bottleneckSize) {
    throw new ArgumentError(
      `The style-prediction part makes ${prediction.bottleneckSize} bottleneck values but the style-transfer part takes ${transfer.bottleneckSize}; they are not two halves of one model.`,
      { argument: 'models' },
    );
  }
  return models;
}

/** The caller's config over {@link STYLE_TRANSFER_DEFAULT_CONFIG}, unless the manifest sets the precision itself. */
function partConfig(manifest: Manifest, config: PropertyMap | undefined): PropertyMap {
  const fromManifest = manifest.compile?.config?.INFERENCE_PRECISION_HINT !== undefined;
  return fromManifest ? { ...config } : { ...STYLE_TRANSFER_DEFAULT_CONFIG, ...config };
}

function manifestValueRange(manifest: Manifest): StyleValueRange {
  return manifest.preprocessing?.valueRange === 'float-minus1-1' ? 'float-minus1-1' : 'float-0-1';
}

/** Opens both parts named by `names` and checks each one's task and role. */
async function openParts(
  repository: string,
  names: string | StyleTransferParts<string>,
  version: number | undefined,
): Promise<StyleTransferParts<OpenedArtifact> | { onePiece: OpenedArtifact }> {
  if (typeof repository !== 'string' || repository.length === 0) {
    throw new ArgumentError(
      `'repository' must be the path of a model repository folder (got ${JSON.stringify(repository)})`,
      { argument: 'repository' },
    );
  }
  const check = (part: OpenedArtifact, role: string): OpenedArtifact => {
    checkTaskManifest(part, { task: 'style-transfer', describedAs: 'a style-transfer part', role, argument: 'names' });
    return part;
  };
  if (typeof names === 'object' && names !== null) {
    assertModelName(names.prediction, 'names.prediction');
    assertModelName(names.transfer, 'names.transfer');
    if (version !== undefined) {
      throw new ArgumentError(`'version' applies to a single name; pass names without it to load the latest versions`, {
        argument: 'version',
      });
    }
    return {
      prediction: check(await openArtifact(repository, names.prediction), STYLE_PREDICTION_ROLE),
      transfer: check(await openArtifact(repository, names.transfer), STYLE_TRANSFER_ROLE),
    };
  }
  if (typeof names !== 'string') {
    throw new ArgumentError(
      `'names' must be the name of one part (its manifest names its companion) or { prediction, transfer }`,
      { argument: 'names' },
    );
  }
  assertModelName(names, 'names');
  const named = await openArtifact(repository, names, version);
  checkTaskManifest(named, { task: 'style-transfer', describedAs: 'a style-transfer model', argument: 'names' });
  const { manifest, manifestFile: where } = named;
  const role = manifest.role;
  if (role === STYLE_ONE_PIECE_ROLE) return { onePiece: named };
  if (role !== STYLE_PREDICTION_ROLE && role !== STYLE_TRANSFER_ROLE) {
    throw new ArtifactCorruptError(
      `${where} has no role '${STYLE_ONE_PIECE_ROLE}', '${STYLE_PREDICTION_ROLE}' or '${STYLE_TRANSFER_ROLE}', so it is neither the one-piece model nor a part whose companion can be found; pass { prediction, transfer } names instead.`,
      { file: where },
    );
  }
  const otherRole = role === STYLE_PREDICTION_ROLE ? STYLE_TRANSFER_ROLE : STYLE_PREDICTION_ROLE;
  const companion = manifest.companions?.find((entry) => entry.role === otherRole);
  if (companion === undefined) {
    throw new ArtifactCorruptError(
      `${where} names no '${otherRole}' companion; re-publish the pair or pass { prediction, transfer } names.`,
      { file: where },
    );
  }
  const other = check(await openArtifact(repository, companion.name, companion.version), otherRole);
  return role === STYLE_PREDICTION_ROLE
    ? { prediction: named, transfer: other }
    : { prediction: other, transfer: named };
}
