import { join } from 'node:path';
import { convertStyleTransferPair, styleTransferPartNames } from '@hubvino/converter';
import { ArgumentError } from '@hubvino/runtime';
import { listModelVersions, readManifest, resolveArtifactVersion } from '@hubvino/runtime/artifact';
import { STYLE_ONE_PIECE_ROLE } from '@hubvino/runtime/task-support';
import { type LogFunction, logLine } from '../cli/log.js';
import { sharedDirectory } from '../config/paths.js';

/** The base name the demo publishes the style-transfer pair under (`magenta-prediction`, `magenta-transfer`). */
export const DEFAULT_STYLE_MODEL_NAME = 'magenta';

/** The two TF Lite parts of TF Hub's Magenta arbitrary-image-stylization-v1-256 (int8) in `../shared`. */
export function defaultStyleSources(shared: string = sharedDirectory()): { prediction: string; transfer: string } {
  const folder = join(shared, 'models', 'magenta_arbitrary_image_stylization_v1_256', 'tflite_int8');
  return {
    prediction: join(folder, 'magenta_arbitrary-image-stylization-v1-256_int8_prediction_1.tflite'),
    transfer: join(folder, 'magenta_arbitrary-image-stylization-v1-256_int8_transfer_1.tflite'),
  };
}

/** Options of {@link ensureStyleModels}. */
export interface EnsureStyleModelsOptions {
  repository: string;
  /** Base name (default {@link DEFAULT_STYLE_MODEL_NAME}). */
  name?: string;
  /** The parts to convert when missing (default {@link defaultStyleSources}). */
  sources?: { prediction: string; transfer: string };
  log?: LogFunction;
  /**
   * An artifact already in `repository` to stylize with instead (`--style-model`): the one-piece
   * model converted from TF Hub's SavedModel (role `one-piece`) or one part of a pair (its manifest
   * names the other). Latest version; nothing is converted.
   */
  styleModel?: string | undefined;
}

/** An artifact name and version. */
export interface StyleArtifact {
  name: string;
  version: number;
}

/** What {@link ensureStyleModels} found or published: the two parts, or the one-piece model. */
export type EnsuredStyleModels =
  | {
      form: 'two-part';
      /** Artifact names of the two parts. */
      prediction: StyleArtifact;
      transfer: StyleArtifact;
      /** True when this call converted and published them. */
      converted: boolean;
    }
  | { form: 'one-piece'; model: StyleArtifact; converted: false };

/** The artifact `StyleTransfer.load` is given: the prediction part (it names its companion), or the one-piece model. */
export function styleLoadTarget(models: EnsuredStyleModels): StyleArtifact {
  return models.form === 'one-piece' ? models.model : models.prediction;
}

/** `magenta-prediction/1 magenta-transfer/1`, or `magenta-one-piece/1`. */
export function describeStyleModels(models: EnsuredStyleModels): string {
  const artifacts = models.form === 'one-piece' ? [models.model] : [models.prediction, models.transfer];
  return artifacts.map((artifact) => `${artifact.name}/${artifact.version}`).join(' ');
}

/**
 * The artifact named by `--style-model`: its latest version, and for a part of a pair the companion
 * its manifest names.
 * @throws ArgumentError naming `--style-model` when it is missing or not a style-transfer artifact.
 */
async function namedStyleModels(repository: string, name: string): Promise<EnsuredStyleModels> {
  if ((await listModelVersions(repository, name)).length === 0) {
    throw new ArgumentError(
      `'--style-model' ${JSON.stringify(name)} is not in ${repository}; convert it first, e.g. pnpm convert https://www.kaggle.com/models/google/arbitrary-image-stylization-v1/tensorFlow1/256/2 --name ${name} --repository ${repository}`,
      { argument: '--style-model' },
    );
  }
  const latest = await resolveArtifactVersion(repository, name);
  const manifest = await readManifest(latest.directory);
  if (manifest.task !== 'style-transfer') {
    throw new ArgumentError(
      `'--style-model' ${name} is a ${manifest.task} model, not style transfer; name the one-piece Magenta artifact or one part of a pair.`,
      { argument: '--style-model' },
    );
  }
  const model = { name, version: latest.version };
  if (manifest.role === STYLE_ONE_PIECE_ROLE) return { form: 'one-piece', model, converted: false };
  const companion = manifest.companions?.[0];
  if (companion === undefined) {
    throw new ArgumentError(`'--style-model' ${name} names no companion part; re-publish the pair.`, {
      argument: '--style-model',
    });
  }
  const other = { name: companion.name, version: companion.version };
  return manifest.role === 'style-transfer'
    ? { form: 'two-part', prediction: other, transfer: model, converted: false }
    : { form: 'two-part', prediction: model, transfer: other, converted: false };
}

/**
 * The style-transfer models to use: the artifact `styleModel` names (either form), else makes sure
 * the style-transfer pair exists in `repository`: reuses the latest `<name>-prediction`
 * and its companion when both are there, otherwise converts both parts through
 * `@hubvino/converter` (`convertStyleTransferPair`).
 * @throws the converter's errors when the pair cannot be made.
 */
export async function ensureStyleModels(options: EnsureStyleModelsOptions): Promise<EnsuredStyleModels> {
  const log = options.log ?? logLine;
  if (options.styleModel !== undefined) {
    const named = await namedStyleModels(options.repository, options.styleModel);
    log(`using ${describeStyleModels(named)} (${named.form})`);
    return named;
  }
  const names = styleTransferPartNames(options.name ?? DEFAULT_STYLE_MODEL_NAME);
  if ((await listModelVersions(options.repository, names.prediction)).length > 0) {
    const latest = await resolveArtifactVersion(options.repository, names.prediction);
    const companion = (await readManifest(latest.directory)).companions?.find((entry) => entry.name === names.transfer);
    if (companion && (await listModelVersions(options.repository, names.transfer)).includes(companion.version)) {
      log(`using ${names.prediction} version ${latest.version} and ${names.transfer} version ${companion.version}`);
      return {
        form: 'two-part',
        prediction: { name: names.prediction, version: latest.version },
        transfer: { name: names.transfer, version: companion.version },
        converted: false,
      };
    }
  }
  const sources = options.sources ?? defaultStyleSources();
  log(`converting the style-transfer models into ${options.repository}/${names.prediction}/ and ${names.transfer}/`);
  const result = await convertStyleTransferPair({
    prediction: sources.prediction,
    transfer: sources.transfer,
    name: options.name ?? DEFAULT_STYLE_MODEL_NAME,
    repository: options.repository,
  });
  log(
    `published ${result.prediction.name} version ${result.prediction.version} and ${result.transfer.name} version ${result.transfer.version}`,
  );
  return {
    form: 'two-part',
    prediction: { name: result.prediction.name, version: result.prediction.version },
    transfer: { name: result.transfer.name, version: result.transfer.version },
    converted: true,
  };
}
