import { performance } from 'node:perf_hooks';
import { ArgumentError } from '../../errors/argument-error.js';
import type { DecodedImage } from '../../image/decoded-image.js';
import { fitAspectRatio } from '../../image/fit-aspect-ratio.js';
import type { InferQueue } from '../../infer-queue.js';
import { outputData } from '../base/task-outputs.js';
import { inferImage } from '../common/image-tensor.js';
import { blendBottlenecks } from './blend-bottlenecks.js';
import { BottleneckCache, imageKey } from './bottleneck-cache.js';
import type { PreparedStylePrediction } from './style-transfer-models.js';

/** A style bottleneck and how long predicting it took (0 when it came from the cache). */
export interface PredictedBottleneck {
  values: Float32Array;
  milliseconds: number;
}

/**
 * The style-prediction half of a StyleTransfer: runs the prediction part on decoded images and
 * remembers the bottlenecks of images it has seen (by their pixels).
 */
export class StylePredictor {
  readonly #queue: InferQueue;
  readonly #prediction: PreparedStylePrediction;
  readonly #cache: BottleneckCache;

  constructor(queue: InferQueue, prediction: PreparedStylePrediction, cacheSize: number) {
    this.#queue = queue;
    this.#prediction = prediction;
    this.#cache = new BottleneckCache(cacheSize);
  }

  /** Number of bottlenecks currently cached. */
  get cached(): number {
    return this.#cache.size;
  }

  /** Number of values in a bottleneck. */
  get bottleneckSize(): number {
    return this.#prediction.bottleneckSize;
  }

  /**
   * The bottleneck of a decoded image, from the cache when the same pixels were seen before.
   * @throws ModelOutputError when the inference does not return the f32 bottleneck.
   */
  async bottleneck(image: DecodedImage, assertLive: () => void): Promise<PredictedBottleneck> {
    const key = this.#cache.capacity > 0 ? imageKey(image) : undefined;
    const cached = key === undefined ? undefined : this.#cache.get(key);
    if (cached !== undefined) return { values: cached, milliseconds: 0 };
    const started = performance.now();
    const { input, outputName } = this.#prediction;
    const fitted = fitAspectRatio(image, input.inputSize, input.resizeMode);
    assertLive();
    const result = await inferImage(this.#queue, input.inputName, fitted);
    const values = outputData(result, outputName, [Float32Array]);
    if (key !== undefined) this.#cache.set(key, values);
    return { values, milliseconds: performance.now() - started };
  }

  /**
   * The bottleneck to stylize with: the style's (given, or predicted from the style image), blended
   * with the content image's own when `strength` < 1; `milliseconds` is the prediction time.
   */
  async styleFor(
    style: DecodedImage | Float32Array,
    content: DecodedImage,
    strength: number,
    assertLive: () => void,
  ): Promise<PredictedBottleneck> {
    const styleBottleneck =
      style instanceof Float32Array ? { values: style, milliseconds: 0 } : await this.bottleneck(style, assertLive);
    if (strength >= 1) return styleBottleneck;
    const contentBottleneck = await this.bottleneck(content, assertLive);
    return {
      values: blendBottlenecks(styleBottleneck.values, contentBottleneck.values, strength),
      milliseconds: styleBottleneck.milliseconds + contentBottleneck.milliseconds,
    };
  }

  /**
   * Checks a bottleneck given by the caller (from `predictStyle()` or a blend of several).
   * @throws ArgumentError naming `style` unless it has the bottleneck's size and finite values.
   */
  checkBottleneck(values: Float32Array, transferSize: number): Float32Array {
    if (values.length !== transferSize || !values.every(Number.isFinite)) {
      throw new ArgumentError(
        `A 'style' bottleneck must be ${transferSize} finite float32 values (from predictStyle()); got ${values.length} values`,
        { argument: 'style' },
      );
    }
    return values;
  }

  /** Forgets the cached bottlenecks. */
  clear(): void {
    this.#cache.clear();
  }
}
