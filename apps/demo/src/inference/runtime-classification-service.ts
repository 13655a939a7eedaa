import { ArgumentError, Core, DisposedError, ImageClassifier } from '@hubvino/runtime';
import { readManifest, resolveArtifactVersion } from '@hubvino/runtime/artifact';
import type { LogFunction } from '../cli/log.js';
import type {
  ClassificationResult,
  ClassificationService,
  ClassifyOptions,
  DemoInfo,
  ServedModel,
} from './classification-service.js';

/** Options of {@link createRuntimeClassificationService}. */
export interface RuntimeClassificationServiceOptions {
  /** The model repository. */
  repository: string;
  /** The model's name in it. */
  name: string;
  /** The version to serve (default: the latest). */
  version?: number;
  /** The device used when a request names none (default `CPU`); compiled at once. */
  defaultDevice?: string;
  /** Progress lines (default: discarded). */
  log?: LogFunction;
}

/** The device a user may always pick besides what OpenVINO lists: OpenVINO's automatic selection. */
const AUTO_DEVICE = 'AUTO';

/**
 * {@link ClassificationService} over `@hubvino/runtime`: one `ImageClassifier` (a compiled model)
 * per device, compiled on first use and cached; decoding and inference timed by the classifier.
 *
 * @throws ArgumentError when `defaultDevice` is not a device OpenVINO reports (or AUTO);
 * the runtime's artifact errors when the model is missing or corrupt.
 */
export async function createRuntimeClassificationService(
  options: RuntimeClassificationServiceOptions,
): Promise<ClassificationService> {
  const log = options.log ?? (() => {});
  const core = new Core();
  try {
    const openvinoBuild = core.getVersion().buildNumber;
    // `2026.4.1-22982-e213a147257-releases/2026/4` -> `2026.4.1`; the full build number is in `info()`.
    const openvinoVersion = openvinoBuild.split('-')[0] || openvinoBuild;
    const devices = [...new Set([...core.getAvailableDevices(), AUTO_DEVICE])];
    const defaultDevice = options.defaultDevice ?? 'CPU';
    const artifact = await resolveArtifactVersion(options.repository, options.name, options.version);
    const manifest = await readManifest(artifact.directory);
    const model: ServedModel = {
      name: manifest.name,
      version: artifact.version,
      task: manifest.task,
      source: manifest.source.handle,
      directory: artifact.directory,
    };
    const classifiers = new Map<string, Promise<ImageClassifier>>();
    let disposed = false;

    const checkDevice = (device: string, argument: string): void => {
      if (!devices.includes(device)) {
        throw new ArgumentError(
          `'${argument}' must be one of ${devices.join(', ')} (the devices OpenVINO reports, plus AUTO); got ${JSON.stringify(device)}`,
          { argument: argument },
        );
      }
    };
    const classifierFor = (device: string): Promise<ImageClassifier> => {
      let classifier = classifiers.get(device);
      if (classifier === undefined) {
        log(`compiling ${model.name} version ${model.version} for ${device}`);
        classifier = ImageClassifier.load(options.repository, options.name, { version: model.version, device, core });
        classifiers.set(device, classifier);
        // A failed compilation is not cached: the next request tries again.
        classifier.catch(() => classifiers.delete(device));
      }
      return classifier;
    };

    checkDevice(defaultDevice, 'device');
    await classifierFor(defaultDevice);

    const info = (): DemoInfo => ({ model, openvinoVersion, openvinoBuild, devices, defaultDevice });

    const classify = async (image: Buffer | string, request: ClassifyOptions = {}): Promise<ClassificationResult> => {
      if (disposed) throw DisposedError.of('ClassificationService');
      const device = request.device ?? defaultDevice;
      checkDevice(device, 'device');
      const topK = request.topK ?? 5;
      const started = performance.now();
      const classifier = await classifierFor(device);
      // The classifier times its own steps: decoding (and fitting) the image, the inference, the scores.
      const { classes, timings } = await classifier.classify(image, { topK });
      const finished = performance.now();
      return {
        model: { name: model.name, version: model.version },
        device,
        openvinoVersion,
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
      const loaded = await Promise.allSettled(classifiers.values());
      classifiers.clear();
      for (const outcome of loaded) if (outcome.status === 'fulfilled') outcome.value.dispose();
      core.dispose();
      log('models disposed');
    };

    return { info, classify, dispose };
  } catch (error) {
    core.dispose();
    throw error;
  }
}
