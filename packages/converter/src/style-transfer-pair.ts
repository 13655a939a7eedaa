import { resolve } from 'node:path';
import { ArgumentError, Core } from '@hubvino/runtime';
import { assertModelName, listModelVersions, type Manifest, versionDirectory } from '@hubvino/runtime/artifact';
import { STYLE_PREDICTION_ROLE, STYLE_TRANSFER_ROLE } from '@hubvino/runtime/task-support';
import { type ConvertOptions, convert } from './convert.js';
import { hubSettingsFrom } from './hub/hub-settings.js';
import { modelSignature, readSourceModel } from './inspect/model-ports.js';
import type { ConvertCallbacks } from './progress-events.js';
import { readLatestManifest } from './publish/read-latest-manifest.js';
import { resolveSource } from './source/resolve-source.js';
import { inferTask } from './task/infer-task.js';

/** Options of {@link convertStyleTransferPair}. */
export interface ConvertStyleTransferPairOptions
  extends Omit<
    ConvertOptions,
    'source' | 'name' | 'version' | 'task' | 'role' | 'companions' | 'labels' | 'inputShape' | 'ifChanged'
  > {
  /** The style-prediction part (style image -> bottleneck): handle, URL or local file. */
  prediction: string;
  /** The style-transfer part (content image + bottleneck -> stylized image). */
  transfer: string;
  /** Base name: the parts are published as `<name>-prediction` and `<name>-transfer`. */
  name: string;
  /**
   * Publish nothing when the latest versions of both parts came from the same sources (sha256),
   * with the same FP16 setting, and name each other as companions.
   */
  ifChanged?: boolean;
}

/** One published (or unchanged) part of the pair. */
export interface StyleTransferPartResult {
  name: string;
  version: number;
  /** `<repository>/<name>/<version>` (absolute). */
  directory: string;
  manifest: Manifest;
}

/** The result of {@link convertStyleTransferPair}. */
export interface StyleTransferPairResult {
  /** `published`: new versions of both parts; `unchanged`: `ifChanged` found both up to date. */
  status: 'published' | 'unchanged';
  repository: string;
  prediction: StyleTransferPartResult;
  transfer: StyleTransferPartResult;
  timings: { totalMs: number };
}

/** The artifact names of a pair published under `name`. */
export function styleTransferPartNames(name: string): { prediction: string; transfer: string } {
  return { prediction: `${name}-prediction`, transfer: `${name}-transfer` };
}

/**
 * Converts and publishes both parts of an arbitrary-image-stylization model (TF Hub's Magenta
 * `.../prediction` and `.../transfer`) as `<name>-prediction` and `<name>-transfer`, task
 * `style-transfer`, roles `style-prediction` / `style-transfer`, each manifest naming the other
 * (name and version) in `companions`, so `StyleTransfer.load(repository, '<name>-prediction')`
 * finds both. The sources are checked first: swapped or non-style models are refused before
 * anything is converted.
 *
 * Each part is published atomically by {@link convert}. If the second part fails, the first stays
 * published and names a companion version that does not exist; running again publishes a
 * consistent pair.
 * @throws ArgumentError for bad options or sources that are not the two parts; the errors of {@link convert}.
 */
export async function convertStyleTransferPair(
  options: ConvertStyleTransferPairOptions,
  callbacks: ConvertCallbacks = {},
): Promise<StyleTransferPairResult> {
  if (!options || typeof options !== 'object')
    throw new ArgumentError(`'options' must be an object`, { argument: 'options' });
  for (const part of ['prediction', 'transfer'] as const) {
    if (typeof options[part] !== 'string' || options[part] === '') {
      throw new ArgumentError(`'${part}' must be the ${part} part's handle, URL or file`, { argument: part });
    }
  }
  assertModelName(options.name, 'name');
  const names = styleTransferPartNames(options.name);
  assertModelName(names.transfer, 'name');
  const started = performance.now();
  const repository = resolve(options.repository ?? 'models');
  const hub = hubSettingsFrom(options.hub);
  const fp16 = options.fp16 ?? true;

  const [predictionSource, transferSource] = [
    await resolveSource(options.prediction, { hub }),
    await resolveSource(options.transfer, { hub }),
  ];
  await checkRoles(predictionSource.modelPath, transferSource.modelPath, options);

  if (options.ifChanged) {
    const unchanged = await findUnchangedPair(repository, names, {
      prediction: predictionSource.sha256,
      transfer: transferSource.sha256,
      fp16,
    });
    if (unchanged) {
      return { status: 'unchanged', repository, ...unchanged, timings: { totalMs: performance.now() - started } };
    }
  }

  const versions = {
    prediction: ((await listModelVersions(repository, names.prediction)).at(-1) ?? 0) + 1,
    transfer: ((await listModelVersions(repository, names.transfer)).at(-1) ?? 0) + 1,
  };
  const { prediction, transfer, name: _name, ifChanged: _ifChanged, ...shared } = options;
  const predictionResult = await convert(
    {
      ...shared,
      source: prediction,
      name: names.prediction,
      repository,
      version: versions.prediction,
      task: 'style-transfer',
      role: STYLE_PREDICTION_ROLE,
      companions: [{ role: STYLE_TRANSFER_ROLE, name: names.transfer, version: versions.transfer }],
    },
    callbacks,
  );
  const transferResult = await convert(
    {
      ...shared,
      source: transfer,
      name: names.transfer,
      repository,
      version: versions.transfer,
      task: 'style-transfer',
      role: STYLE_TRANSFER_ROLE,
      companions: [{ role: STYLE_PREDICTION_ROLE, name: names.prediction, version: versions.prediction }],
    },
    callbacks,
  );
  const part = (result: typeof predictionResult): StyleTransferPartResult => ({
    name: result.name,
    version: result.version,
    directory: result.directory,
    manifest: result.manifest,
  });
  return {
    status: 'published',
    repository,
    prediction: part(predictionResult),
    transfer: part(transferResult),
    timings: { totalMs: performance.now() - started },
  };
}

/** Refuses sources that are not a style predictor and a style transfer model (naming a swap). */
async function checkRoles(
  predictionPath: string,
  transferPath: string,
  options: ConvertStyleTransferPairOptions,
): Promise<void> {
  const core = new Core();
  try {
    const roleOf = async (path: string) => {
      const model = await readSourceModel(core, path);
      try {
        const signature = modelSignature(model);
        return inferTask(signature.inputs, signature.outputs).role;
      } finally {
        model.dispose();
      }
    };
    const roles = { prediction: await roleOf(predictionPath), transfer: await roleOf(transferPath) };
    if (roles.prediction === STYLE_TRANSFER_ROLE && roles.transfer === STYLE_PREDICTION_ROLE) {
      throw new ArgumentError(
        `The two parts are swapped: ${options.prediction} is the style-transfer part and ${options.transfer} the style-prediction part; pass the prediction part first.`,
        { argument: 'prediction' },
      );
    }
    for (const [part, expected] of [
      ['prediction', STYLE_PREDICTION_ROLE],
      ['transfer', STYLE_TRANSFER_ROLE],
    ] as const) {
      if (roles[part] !== expected) {
        throw new ArgumentError(
          `${options[part]} is not a ${expected} model (${expected === STYLE_PREDICTION_ROLE ? 'one image input [1,H,W,3] and a [1,1,1,100] bottleneck output' : 'an image input, a [1,1,1,100] bottleneck input and an image output'}).`,
          { argument: part },
        );
      }
    }
  } finally {
    core.dispose();
  }
}

async function findUnchangedPair(
  repository: string,
  names: { prediction: string; transfer: string },
  expected: { prediction: string; transfer: string; fp16: boolean },
): Promise<{ prediction: StyleTransferPartResult; transfer: StyleTransferPartResult } | undefined> {
  const latest = async (name: string): Promise<StyleTransferPartResult | undefined> => {
    const version = (await listModelVersions(repository, name)).at(-1);
    if (version === undefined) return undefined;
    const directory = versionDirectory(repository, name, version);
    return {
      name,
      version,
      directory: resolve(directory),
      manifest: await readLatestManifest(directory, name, version),
    };
  };
  const prediction = await latest(names.prediction);
  const transfer = await latest(names.transfer);
  if (!prediction || !transfer) return undefined;
  const namesEachOther =
    prediction.manifest.companions?.some(
      (entry) => entry.name === transfer.name && entry.version === transfer.version,
    ) &&
    transfer.manifest.companions?.some(
      (entry) => entry.name === prediction.name && entry.version === prediction.version,
    );
  const same =
    prediction.manifest.source.sha256 === expected.prediction &&
    transfer.manifest.source.sha256 === expected.transfer &&
    prediction.manifest.conversion.compressToFp16 === expected.fp16 &&
    transfer.manifest.conversion.compressToFp16 === expected.fp16;
  return namesEachOther && same ? { prediction, transfer } : undefined;
}
