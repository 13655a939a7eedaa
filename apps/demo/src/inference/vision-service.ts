import { DisposedError } from '@hubvino/runtime';
import type { LogFunction } from '../cli/log.js';
import { ensureVisionModel, type VisionModel } from '../model/ensure-vision-models.js';

/** A task object the demo loads once and shares (ObjectDetector, ImageSegmenter). */
interface Loadable extends Disposable {
  dispose(): void;
}

/** A lazily loaded runtime task over a model the demo makes from ../shared when missing. */
export interface VisionTask<T> {
  /** The task and the artifact it runs (loading it, and converting the model, on first use). */
  get(): Promise<{ task: T; model: { name: string; version: number } }>;
  /** Frees the compiled model. Later calls throw DisposedError. */
  dispose(): Promise<void>;
}

/**
 * Ensures `model` in `repository` and loads it with `load` on the first call; a failure is reported
 * to that call and retried on the next. Used by the detection and segmentation routes and commands.
 */
export function createVisionTask<T extends Loadable>(options: {
  repository: string;
  model: VisionModel;
  log: LogFunction;
  load: (repository: string, name: string, version: number) => Promise<T>;
  what: string;
}): VisionTask<T> {
  let loading: Promise<{ task: T; model: { name: string; version: number } }> | undefined;
  let disposed = false;
  return {
    get() {
      if (disposed) return Promise.reject(DisposedError.of(options.what));
      loading ??= (async () => {
        const model = await ensureVisionModel(options.repository, options.model, options.log);
        const task = await options.load(options.repository, model.name, model.version);
        if (disposed) {
          task.dispose();
          throw DisposedError.of(options.what);
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
      loaded?.task.dispose();
    },
  };
}
