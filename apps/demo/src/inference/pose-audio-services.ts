import {
  type AudioClassification,
  AudioClassifier,
  type AudioInput,
  DisposedError,
  type ImageInput,
  type Pose,
  PoseEstimator,
} from '@hubvino/runtime';
import type { LogFunction } from '../cli/log.js';
import type { EnsuredModel } from '../model/ensure-model.js';
import { ensureAudioModel, ensurePoseModel } from '../model/pose-audio-models.js';

/** A model reference in results: `{ name, version }`. */
export interface ModelReference {
  name: string;
  version: number;
}

/** Pose estimation as the demo's server and CLI use it. */
export interface PoseService {
  estimate(image: ImageInput): Promise<Pose & { model: ModelReference }>;
  dispose(): Promise<void>;
}

/** Audio classification as the demo's server and CLI use it. */
export interface AudioService {
  classify(audio: AudioInput, options?: { topK?: number }): Promise<AudioClassification & { model: ModelReference }>;
  dispose(): Promise<void>;
}

/** Options of the services: where the models live and how to compile them. */
export interface TaskServiceOptions {
  repository: string;
  device?: string;
  log?: LogFunction;
}

/**
 * Loads a task model on first use (ensuring it, converting from ../shared when missing); a failure
 * is reported to that request and retried on the next. Later calls after dispose() throw DisposedError.
 */
function lazyTask<T extends Disposable>(
  what: string,
  ensure: () => Promise<EnsuredModel>,
  load: (model: EnsuredModel) => Promise<T>,
): { get: () => Promise<{ task: T; model: ModelReference }>; dispose: () => Promise<void> } {
  let loading: Promise<{ task: T; model: ModelReference }> | undefined;
  let disposed = false;
  return {
    get() {
      if (disposed) return Promise.reject(DisposedError.of(what));
      loading ??= (async () => {
        const model = await ensure();
        const task = await load(model);
        if (disposed) {
          task[Symbol.dispose]();
          throw DisposedError.of(what);
        }
        return { task, model: { name: model.name, version: model.version } };
      })();
      loading.catch(() => {
        loading = undefined;
      });
      return loading;
    },
    async dispose() {
      disposed = true;
      const pending = loading;
      loading = undefined;
      const loaded = await pending?.catch(() => undefined);
      loaded?.task[Symbol.dispose]();
    },
  };
}

/** A {@link PoseService} over `@hubvino/runtime`'s PoseEstimator with the MoveNet artifact. */
export function createPoseService(options: TaskServiceOptions): PoseService {
  const lazy = lazyTask(
    'PoseService',
    () => ensurePoseModel(options.repository, options.log),
    (model) =>
      PoseEstimator.load(options.repository, model.name, {
        version: model.version,
        ...(options.device === undefined ? {} : { device: options.device }),
      }),
  );
  return {
    async estimate(image) {
      const { task, model } = await lazy.get();
      return { ...(await task.estimate(image)), model };
    },
    dispose: lazy.dispose,
  };
}

/** An {@link AudioService} over `@hubvino/runtime`'s AudioClassifier with the YAMNet artifact. */
export function createAudioService(options: TaskServiceOptions & { maxDurationSeconds?: number }): AudioService {
  const lazy = lazyTask(
    'AudioService',
    () => ensureAudioModel(options.repository, options.log),
    (model) =>
      AudioClassifier.load(options.repository, model.name, {
        version: model.version,
        ...(options.device === undefined ? {} : { device: options.device }),
        ...(options.maxDurationSeconds === undefined ? {} : { maxDurationSeconds: options.maxDurationSeconds }),
      }),
  );
  return {
    async classify(audio, classifyOptions = {}) {
      const { task, model } = await lazy.get();
      return { ...(await task.classify(audio, classifyOptions)), model };
    },
    dispose: lazy.dispose,
  };
}
