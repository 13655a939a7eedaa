import { join } from 'node:path';
import { convertStyleTransferPair, styleTransferPartNames } from '@hubvino/converter';
import { listModelVersions, readManifest, resolveArtifactVersion } from '@hubvino/runtime/artifact';
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
}

/** The pair {@link ensureStyleModels} found or published. */
export interface EnsuredStyleModels {
  /** Artifact names of the two parts. */
  prediction: { name: string; version: number };
  transfer: { name: string; version: number };
  /** True when this call converted and published them. */
  converted: boolean;
}

/**
 * Makes sure the style-transfer pair exists in `repository`: reuses the latest `<name>-prediction`
 * and its companion when both are there, otherwise converts both parts through
 * `@hubvino/converter` (`convertStyleTransferPair`).
 * @throws the converter's errors when the pair cannot be made.
 */
export async function ensureStyleModels(options: EnsureStyleModelsOptions): Promise<EnsuredStyleModels> {
  const log = options.log ?? logLine;
  const names = styleTransferPartNames(options.name ?? DEFAULT_STYLE_MODEL_NAME);
  if ((await listModelVersions(options.repository, names.prediction)).length > 0) {
    const latest = await resolveArtifactVersion(options.repository, names.prediction);
    const companion = (await readManifest(latest.directory)).companions?.find((entry) => entry.name === names.transfer);
    if (companion && (await listModelVersions(options.repository, names.transfer)).includes(companion.version)) {
      log(`using ${names.prediction} version ${latest.version} and ${names.transfer} version ${companion.version}`);
      return {
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
    prediction: { name: result.prediction.name, version: result.prediction.version },
    transfer: { name: result.transfer.name, version: result.transfer.version },
    converted: true,
  };
}
