import { compileArtifact } from '../../artifact/load-artifact.js';
import type { Manifest } from '../../artifact/manifest.js';
import { openArtifact } from '../../artifact/open-artifact.js';
import type { CompiledModel } from '../../compiled-model.js';
import { decodeImage } from '../../image/decode-image.js';
import { fitAspectRatio } from '../../image/fit-aspect-ratio.js';
import type { ImageInput } from '../../image/image-input.js';
import type { InferQueue } from '../../infer-queue.js';
import { readCpuFeatures } from '../../precision/cpu-features.js';
import { cpuCompileConfig } from '../../precision/cpu-precision.js';
import { OwnedResources } from '../base/owned-resources.js';
import { Task } from '../base/task.js';
import { checkTaskManifest } from '../base/task-artifact.js';
import { checkOptionsObject, checkTaskRunOptions } from '../base/task-options.js';
import { Stopwatch } from '../base/task-timings.js';
import { checkImagePreprocessing, type PreparedImageInput, prepareImageModel } from '../common/image-preprocessing.js';
import { inferImage } from '../common/image-tensor.js';
import { topK } from '../common/top-k.js';
import type { ImageClassification } from './classification.js';
import { type ClassifierHead, classifierHead, topClasses } from './classifier-head.js';
import {
  type ClassifierPostprocessing,
  type ClassifyOptions,
  checkPostprocessing,
  type ImageClassifierLoadOptions,
  type ImageClassifierModelFileOptions,
  resolveLabelsOption,
} from './image-classifier-options.js';

interface ClassifierParts {
  compiledModel: CompiledModel;
  input: PreparedImageInput;
  head: ClassifierHead;
  maxPixels: number | undefined;
  requests: number | undefined;
  manifest: Manifest | undefined;
}

/**
 * Image classification over OpenVINO: decode (sharp) -> u8 RGB of any size -> OpenVINO resizes and
 * scales inside the model (PrePostProcessor) -> scores (dequantize, softmax) -> top-k labels.
 *
 * ```ts
 * using classifier = await ImageClassifier.load('models', 'mobilenet_v2');
 * const { classes, timings } = await classifier.classify('grace_hopper.jpg', { topK: 5 });
 * // classes: [{ label: 'military uniform', score: 0.93, index: 653 }, ...]; timings.infer: 4.2 (ms)
 * ```
 */
export class ImageClassifier extends Task {
  readonly #parts: ClassifierParts;
  readonly #queue: InferQueue;

  private constructor(resources: OwnedResources, parts: ClassifierParts) {
    super('ImageClassifier', resources);
    this.#parts = parts;
    this.#queue = this.createQueue(parts.compiledModel, parts.requests);
  }

  /**
   * Loads an image-classification artifact (`<repository>/<name>/<version>/`, latest version by
   * default): verified, prepared from the manifest's `preprocessing` and compiled with its settings.
   * @throws ArtifactNotFoundError / ArtifactCorruptError as `loadArtifact`; ArgumentError when
   *   the artifact is not an image classifier.
   */
  static async load(
    repository: string,
    name: string,
    options: ImageClassifierLoadOptions = {},
  ): Promise<ImageClassifier> {
    const run = checkTaskRunOptions(options);
    const opened = await openArtifact(repository, name, options.version);
    checkTaskManifest(opened, {
      task: 'image-classification',
      describedAs: 'an image classifier',
      requires: ['preprocessing', 'postprocessing'],
    });
    const { manifest } = opened;
    const preprocessing = manifest.preprocessing as NonNullable<Manifest['preprocessing']>;
    const postprocessing = manifest.postprocessing as NonNullable<Manifest['postprocessing']>;
    return OwnedResources.use(options.core, async (resources) => {
      let input: PreparedImageInput | undefined;
      const { version: _version, ...loadOptions } = options;
      const artifact = resources.own(
        await compileArtifact(opened, {
          ...loadOptions,
          core: resources.core,
          prepareModel: (model) => {
            const prepared = prepareImageModel(model, preprocessing);
            input = prepared.input;
            return prepared.model;
          },
        }),
      );
      const head = classifierHead(artifact.compiledModel, postprocessing, artifact.labels);
      const compiledModel = artifact.compiledModel;
      return new ImageClassifier(resources, { compiledModel, input: input!, head, ...run, manifest });
    });
  }

  /**
   * Classifies with a model file OpenVINO reads directly (IR `.xml`, `.tflite`, `.onnx`, SavedModel
   * folder), without an artifact: pass how to preprocess and postprocess, and the labels.
   *
   * ```ts
   * const classifier = await ImageClassifier.fromModelFile('mobilenet_v2_1.0_224_quant.tflite', {
   *   preprocessing: { valueRange: 'uint8' },
   *   postprocessing: { activation: 'softmax', dequantization: { scale: 0.0988925, zeroPoint: 58 } },
   *   labels: 'ImageNetLabels.txt',
   * });
   * ```
   * @throws ArgumentError for bad options or a model that is not an image classifier;
   *   ArtifactNotFoundError / ArtifactCorruptError when the file is missing or unreadable.
   */
  static async fromModelFile(modelPath: string, options: ImageClassifierModelFileOptions): Promise<ImageClassifier> {
    checkOptionsObject(options, '{ preprocessing, postprocessing } for a model file');
    const run = checkTaskRunOptions(options);
    const preprocessing = checkImagePreprocessing(options.preprocessing);
    checkPostprocessing(options.postprocessing);
    const postprocessing: ClassifierPostprocessing = options.postprocessing;
    return OwnedResources.use(options.core, async (resources) => {
      const labels = await resolveLabelsOption(options.labels);
      const prepared = prepareImageModel(await resources.core.readModel(modelPath), preprocessing);
      const model = resources.own(prepared.model);
      const compiledModel = resources.own(
        await resources.core.compileModel(
          model,
          options.device ?? 'CPU',
          cpuCompileConfig(readCpuFeatures(resources.core), options, 'image classifier').config,
        ),
      );
      const head = classifierHead(compiledModel, postprocessing, labels);
      return new ImageClassifier(resources, {
        compiledModel,
        input: prepared.input,
        head,
        ...run,
        manifest: undefined,
      });
    });
  }

  /** The compiled model (with the preprocessing inside). */
  get compiledModel(): CompiledModel {
    this.assertLive();
    return this.#parts.compiledModel;
  }

  /** The height and width every image is resized to. */
  get inputSize(): { height: number; width: number } {
    return { ...this.#parts.input.inputSize };
  }

  /** Number of classes the model scores. */
  get classCount(): number {
    return this.#parts.head.classCount;
  }

  /** The labels, when the model has them. */
  get labels(): readonly string[] | undefined {
    return this.#parts.head.labels;
  }

  /** The artifact manifest, when loaded with {@link ImageClassifier.load}. */
  get manifest(): Manifest | undefined {
    return this.#parts.manifest;
  }

  /** Number of InferRequests in use. */
  get requests(): number {
    return this.#queue.size;
  }

  /**
   * Classifies one image (a path, encoded bytes, or raw pixels) and returns the `topK` best classes,
   * best first, with the timings of the call. Given an array, classifies every image, running up to
   * `requests` inferences at a time, and returns one result per image in the same order (rejecting
   * with the first error).
   * @throws ImageDecodeError / ImageTooLargeError for bad images (naming them); ArgumentError for bad
   *   options; DisposedError after dispose().
   */
  classify(image: ImageInput, options?: ClassifyOptions): Promise<ImageClassification>;
  classify(images: readonly ImageInput[], options?: ClassifyOptions): Promise<ImageClassification[]>;
  async classify(
    images: ImageInput | readonly ImageInput[],
    options: ClassifyOptions = {},
  ): Promise<ImageClassification | ImageClassification[]> {
    this.assertLive();
    checkOptionsObject(options, '{ topK: 5 }');
    const k = options.topK ?? 5;
    topK([], k); // validates k before any work
    if (!Array.isArray(images)) return this.#classifyOne(images as ImageInput, k);
    const list = images as readonly ImageInput[];
    const results: ImageClassification[] = new Array(list.length);
    let next = 0;
    // Enough workers to keep every request busy while others decode; each pulls the next image.
    const workers = Math.min(list.length, this.#queue.size * 2);
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (next < list.length) {
          const index = next;
          next += 1;
          results[index] = await this.#classifyOne(list[index] as ImageInput, k);
        }
      }),
    );
    return results;
  }

  async #classifyOne(image: ImageInput, k: number): Promise<ImageClassification> {
    const { input, head, maxPixels } = this.#parts;
    const stopwatch = new Stopwatch();
    const pixels = await stopwatch.time('preprocess', async () => {
      const decoded = await decodeImage(image, {
        reduceTowards: input.inputSize,
        ...(maxPixels === undefined ? {} : { maxPixels }),
      });
      return fitAspectRatio(decoded, input.inputSize, input.resizeMode);
    });
    this.assertLive();
    const result = await stopwatch.time('infer', () => inferImage(this.#queue, input.inputName, pixels));
    const classes = await stopwatch.time('postprocess', () => topClasses(head, result, k));
    return { classes, timings: stopwatch.timings() };
  }
}
