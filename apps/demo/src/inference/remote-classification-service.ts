import { ArgumentError, DisposedError, ImageClassifier } from '@hubvino/runtime';
import { readManifest, resolveArtifactVersion } from '@hubvino/runtime/artifact';
import type { LogFunction } from '../cli/log.js';
import type {
  ClassificationResult,
  ClassificationService,
  ClassifyOptions,
  DemoInfo,
  InferenceSite,
  ServedModel,
} from './classification-service.js';

/** Options of {@link createRemoteClassificationService}. */
export interface RemoteClassificationServiceOptions {
  /** The KServe v2 server, e.g. `http://127.0.0.1:8000`. */
  endpoint: string;
  /** The model repository with the artifact's manifest and labels (the client half). */
  repository: string;
  name: string;
  version?: number;
  log?: LogFunction;
}

/**
 * {@link ClassificationService} over a KServe v2 server (OpenVINO Model Server, KServe, the
 * kserve ModelServer) serving the `pnpm convert serve-config` output of the demo's repository:
 * decoding and top-k here, inference there. Its one "device" is the endpoint.
 * @throws the runtime's remote errors when the server cannot be reached or does not serve the model.
 */
export async function createRemoteClassificationService(
  options: RemoteClassificationServiceOptions,
): Promise<ClassificationService> {
  const log = options.log ?? (() => {});
  const artifact = await resolveArtifactVersion(options.repository, options.name, options.version);
  const manifest = await readManifest(artifact.directory);
  const model: ServedModel = {
    name: manifest.name,
    version: artifact.version,
    task: manifest.task,
    source: manifest.source.handle,
    directory: artifact.directory,
  };
  log(`connecting to ${options.endpoint} for ${model.name} version ${model.version}`);
  const classifier = await ImageClassifier.load({
    endpoint: options.endpoint,
    model: options.name,
    version: artifact.version,
    repository: options.repository,
  });
  const site = classifier.location;
  const location: InferenceSite = {
    kind: 'remote',
    description: site.description,
    endpoint: site.where,
    ...(site.server === undefined ? {} : { server: site.server }),
  };
  const serverVersion = site.server ? `server ${site.server}` : 'remote server';
  let disposed = false;

  const info = (): DemoInfo => ({
    model,
    openvinoVersion: serverVersion,
    openvinoBuild: `inference on ${site.description}`,
    devices: [site.where],
    defaultDevice: site.where,
    location,
  });

  const classify = async (image: Buffer | string, request: ClassifyOptions = {}): Promise<ClassificationResult> => {
    if (disposed) throw DisposedError.of('ClassificationService');
    if (request.device !== undefined && request.device !== site.where) {
      throw new ArgumentError(
        `'device' must be ${site.where} (this demo classifies on that server); got ${JSON.stringify(request.device)}`,
        { argument: 'device' },
      );
    }
    const started = performance.now();
    // The classifier times its own steps: decoding (and fitting) the image, the remote inference, the scores.
    const { classes, timings } = await classifier.classify(image, { topK: request.topK ?? 5 });
    const finished = performance.now();
    return {
      model: { name: model.name, version: model.version },
      device: site.where,
      location,
      openvinoVersion: serverVersion,
      predictions: classes.map(({ label, score, index }) => ({ label, score, index })),
      timings: {
        decodeMs: timings.preprocess,
        inferenceMs: timings.infer + timings.postprocess,
        totalMs: finished - started,
      },
    };
  };

  const dispose = async (): Promise<void> => {
    if (disposed) return;
    disposed = true;
    classifier.dispose();
    log('remote client closed');
  };

  return { info, classify, dispose };
}
