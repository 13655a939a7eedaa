import { DisposedError, StyleTransfer, type StylizedImage, type StylizeOptions } from '@hubvino/runtime';
import {
  type EnsuredStyleModels,
  type EnsureStyleModelsOptions,
  ensureStyleModels,
  styleLoadTarget,
} from '../model/ensure-style-models.js';

/** Style transfer as the demo's server and CLI use it. */
export interface StyleTransferService {
  /** Paints `content` in the style of `style`; the result has the content's size. */
  stylize(
    content: Uint8Array,
    style: Uint8Array,
    options?: StylizeOptions,
  ): Promise<StylizedImage & { models: EnsuredStyleModels }>;
  /** Frees the compiled models. Later calls throw DisposedError. */
  dispose(): Promise<void>;
}

/**
 * A {@link StyleTransferService} over `@hubvino/runtime`'s StyleTransfer, with either form of
 * Magenta's model: `styleModel` names an artifact (the one-piece SavedModel conversion or a part of
 * a pair), else the pair is ensured (converted from ../shared when missing) and compiled on the first request, so the classifier
 * starts without waiting for them; a failure is reported to that request and retried on the next.
 */
export function createStyleTransferService(
  options: EnsureStyleModelsOptions & { device?: string },
): StyleTransferService {
  let loading: Promise<{ stylizer: StyleTransfer; models: EnsuredStyleModels }> | undefined;
  let disposed = false;
  const load = () => {
    loading ??= (async () => {
      const models = await ensureStyleModels(options);
      const target = styleLoadTarget(models);
      const stylizer = await StyleTransfer.load(options.repository, target.name, {
        version: target.version,
        ...(options.device === undefined ? {} : { device: options.device }),
      });
      if (disposed) {
        stylizer.dispose();
        throw DisposedError.of('StyleTransferService');
      }
      return { stylizer, models };
    })();
    loading.catch(() => {
      loading = undefined;
    });
    return loading;
  };
  return {
    async stylize(content, style, stylizeOptions = {}) {
      if (disposed) throw DisposedError.of('StyleTransferService');
      const { stylizer, models } = await load();
      const result = await stylizer.stylize(content, style, stylizeOptions);
      return { ...result, models };
    },
    async dispose() {
      disposed = true;
      const pending = loading;
      loading = undefined;
      const loaded = await pending?.catch(() => undefined);
      loaded?.stylizer.dispose();
    },
  };
}
