import { join } from 'node:path';
import { type OpenedArtifact, openArtifact } from '../../artifact/open-artifact.js';
import type { EnginePort } from '../../engine/inference-engine.js';
import { RemoteEngine } from '../../engine/remote-engine.js';
import { ArgumentError } from '../../errors/argument-error.js';
import { RemoteModelError } from '../../errors/remote-model-error.js';
import { formatShape } from '../../port.js';
import type { RemoteModelOptions } from '../../remote/remote-model.js';
import { readLabelsFile } from '../common/labels.js';
import { checkTaskManifest, type TaskManifestExpectation } from './task-artifact.js';
import { checkOptionsObject } from './task-options.js';

/**
 * Options of a task's `load` for a model served by a KServe v2 server (OpenVINO Model Server,
 * KServe, Triton, the kserve ModelServer) from the folder `pnpm convert serve-config` wrote.
 * Inference runs on the server; decoding, post-processing and labels run here from the artifact's
 * `hubvino.json` and labels (its "client half"), read from `repository`.
 */
export interface RemoteTaskOptions extends RemoteModelOptions {
  /**
   * The model repository (or the serving folder, which holds copies) with the artifact's
   * `hubvino.json` and labels: default `models`, where `pnpm convert` publishes.
   */
  repository?: string;
}

/** What a remote task starts from. */
export interface ConnectedRemoteTask {
  /** The artifact's manifest, read once from `repository`. */
  opened: OpenedArtifact;
  /** Labels from the manifest's `postprocessing.labelsFile`, when it names one. */
  labels: readonly string[] | undefined;
  /** Connected: server and model ready, metadata read. The caller owns it. */
  engine: RemoteEngine;
}

/** True when `value` asks for a served model (`{ endpoint, model }`) rather than a repository path. */
export function isRemoteTaskOptions(value: unknown): value is RemoteTaskOptions {
  return typeof value === 'object' && value !== null && 'endpoint' in value;
}

/**
 * Opens the artifact's manifest in `options.repository`, checks it is the task's, reads its labels
 * and connects to the served model at the artifact's version (so the scores are read the way the
 * manifest says they were made).
 * @throws ArgumentError for bad options or another task's artifact; ArtifactNotFoundError /
 *   ArtifactCorruptError for the manifest; the remote errors when the server cannot serve it.
 */
export async function connectRemoteTask(
  options: RemoteTaskOptions,
  expected: TaskManifestExpectation,
): Promise<ConnectedRemoteTask> {
  checkOptionsObject(options, "{ endpoint: 'http://127.0.0.1:8000', model: 'mobilenet_v2', version: 1 }");
  const repository = options.repository ?? 'models';
  if (typeof options.model !== 'string') {
    throw new ArgumentError(`'model' must be the served model's name, e.g. 'mobilenet_v2'`, { argument: 'model' });
  }
  const opened = await openArtifact(repository, options.model, options.version);
  checkTaskManifest(opened, { ...expected, argument: 'model' });
  const labelsFile = opened.manifest.postprocessing?.labelsFile;
  const labels = labelsFile ? await readLabelsFile(join(opened.directory, labelsFile)) : undefined;
  const engine = await RemoteEngine.connect({ ...options, version: opened.version });
  return { opened, labels, engine };
}

/**
 * The served model's image input: it must take hubvino's u8 RGB images of any size
 * (`u8[1,?,?,3]`), which the served IR `serve-config` writes does (the pre-processing is inside).
 * @throws RemoteModelError naming the server, what it takes and the fix.
 */
export function servedImageInput(engine: RemoteEngine, repository: string | undefined): EnginePort {
  const served = engine.inputs[0];
  const [batch, height, width, channels] = served?.shape ?? [];
  if (
    engine.inputs.length === 1 &&
    served?.elementType === 'u8' &&
    served.shape.length === 4 &&
    (batch === 1 || batch === -1) &&
    height === -1 &&
    width === -1 &&
    channels === 3
  ) {
    return served;
  }
  const { where, description } = engine.location;
  throw new RemoteModelError(
    `${description} takes ${describePorts(engine.inputs)}, not hubvino's u8 RGB images of any size (u8[1,?,?,3]): serve the folder 'pnpm convert serve-config ${repository ?? 'models'}' writes, whose IR carries the pre-processing.`,
    { endpoint: where, url: `${where}/v2/models/${engine.model.name}` },
  );
}

/** `name u8[1,?,?,3], ...` for messages. */
export function describePorts(ports: readonly EnginePort[]): string {
  return (
    ports.map((port) => `${port.name} ${port.elementType ?? '?'}${formatShape(port.shape)}`).join(', ') || 'nothing'
  );
}
