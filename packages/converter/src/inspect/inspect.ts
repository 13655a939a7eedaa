import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Core } from '@hubvino/runtime';
import {
  MANIFEST_FILE_NAME,
  type Manifest,
  MODEL_XML_FILE_NAME,
  readManifest,
  resolveArtifactVersion,
} from '@hubvino/runtime/artifact';
import { isHttpHandle } from '../hub/hub-handle.js';
import type { HubSettings } from '../hub/hub-settings.js';
import { hubSettingsFrom } from '../hub/hub-settings.js';
import { resolveSource } from '../source/resolve-source.js';
import type { ModelSignature } from './model-ports.js';
import { modelSignature, readSourceModel } from './model-ports.js';
import { readSavedModelSignatures, type SavedModelSignatures } from './saved-model-signatures.js';

/** What `inspect` reports. */
export interface InspectResult {
  /** `artifact` for a published version folder (or `<repository>/<name>`), `source` otherwise. */
  kind: 'artifact' | 'source';
  path: string;
  format: string;
  inputs: ModelSignature['inputs'];
  outputs: ModelSignature['outputs'];
  /** The artifact's manifest, for artifacts. */
  manifest?: Manifest;
  /** For sources: SHA-256 and where it came from. */
  source?: { handle: string; sha256: string; resolvedUrl: string | undefined; cacheHit: boolean | undefined };
  /**
   * For SavedModel sources: the signatures as TensorFlow itself reads them (tags, signature names,
   * keys, graph tensor names, dtypes, shapes), beside OpenVINO's `inputs`/`outputs`. Present when
   * TensorFlow for Node is available (the hubvino workspace with `pnpm setup:dev`); otherwise
   * `notes` says why.
   */
  savedModel?: SavedModelSignatures;
  /** Things worth knowing that did not stop the inspection (e.g. why `savedModel` is missing). */
  notes?: string[];
}

/** Options of {@link inspect}. */
export interface InspectOptions {
  /** TF Hub fetching and cache settings (default: from the environment). */
  hub?: Partial<HubSettings>;
  /** Read SavedModel signatures with TensorFlow when available (default true). */
  tensorFlow?: boolean;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isFile(),
    () => false,
  );
}

/**
 * Inputs and outputs of a source (handle, URL or local model; fetched into the cache if needed) or
 * of a published artifact (a version folder with `hubvino.json`, or `<repository>/<name>` for its
 * latest version), read by OpenVINO without converting anything. For SavedModel sources it adds the
 * signatures as TensorFlow reads them (`savedModel`), when TensorFlow for Node is available.
 */
export async function inspect(target: string, options: InspectOptions = {}): Promise<InspectResult> {
  let artifactDirectory: string | undefined;
  if (!isHttpHandle(target)) {
    if (await isFile(join(target, MANIFEST_FILE_NAME))) artifactDirectory = target;
    else if (
      await stat(target).then(
        (info) => info.isDirectory(),
        () => false,
      )
    ) {
      const parent = join(target, '..');
      const name = target.replace(/\/+$/, '').split('/').pop() ?? '';
      const latest = await resolveArtifactVersion(parent, name).catch(() => undefined);
      if (latest && (await isFile(join(latest.directory, MANIFEST_FILE_NAME)))) artifactDirectory = latest.directory;
    }
  }
  const core = new Core();
  try {
    if (artifactDirectory) {
      const manifest = await readManifest(artifactDirectory);
      const model = await core.readModel(join(artifactDirectory, MODEL_XML_FILE_NAME));
      const signature = modelSignature(model);
      model.dispose();
      return { kind: 'artifact', path: artifactDirectory, format: 'openvino-ir', ...signature, manifest };
    }
    const source = await resolveSource(target, { hub: hubSettingsFrom(options.hub) });
    const model = await readSourceModel(core, source.modelPath);
    const signature = modelSignature(model);
    model.dispose();
    const tensorFlow =
      source.format === 'saved-model' && options.tensorFlow !== false
        ? await readSavedModelSignatures(source.modelPath)
        : undefined;
    return {
      kind: 'source',
      path: source.modelPath,
      format: source.format,
      ...signature,
      source: {
        handle: source.handle,
        sha256: source.sha256,
        resolvedUrl: source.resolvedUrl,
        cacheHit: source.cacheHit,
      },
      ...(tensorFlow && 'signatures' in tensorFlow ? { savedModel: tensorFlow.signatures } : {}),
      ...(tensorFlow && 'unavailable' in tensorFlow ? { notes: [tensorFlow.unavailable] } : {}),
    };
  } finally {
    core.dispose();
  }
}
