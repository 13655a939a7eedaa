import { type LoadArtifactOptions, loadArtifact } from '../artifact/load-artifact.js';
import type { Manifest } from '../artifact/manifest.js';
import type { CompiledModel } from '../compiled-model.js';
import { Core } from '../core.js';
import { ArgumentError } from '../errors/argument-error.js';
import { ArtifactCorruptError } from '../errors/artifact-error.js';
import { DisposedError } from '../errors/disposed-error.js';
import { decodeImage } from '../image/decode-image.js';
import { fitAspectRatio } from '../image/fit-aspect-ratio.js';
import type { ImageInput } from '../image/image-input.js';
import { InferQueue } from '../infer-queue.js';
import type { Model } from '../model.js';
import { formatShape, type Port, portKey } from '../port.js';
import { readCpuFeatures } from '../precision/cpu-features.js';
import { cpuCompileConfig, type LowPrecisionMode } from '../precision/cpu-precision.js';
import type { PropertyMap } from '../properties.js';
import { Tensor } from '../tensor.js';
import type { Classification } from './classification.js';
import {
  type ClassifierOutputValues,
  classificationScores,
  resolveDequantization,
  type ScorePostprocessing,
} from './classification-scores.js';
import type { QuantizationParameters } from './dequantize.js';
import {
  checkImagePreprocessing,
  type ImagePreprocessing,
  type PreparedImageInput,
  prepareImageModel,
} from './image-preprocessing.js';
import { createLabelLookup, readLabelsFile } from './labels.js';
import { topK } from './top-k.js';

/** How a classifier's output becomes ranked classes. */
export interface ClassifierPostprocessing extends ScorePostprocessing {
  /** Index of the first real class (1 when output 0 is TF Hub's "background"); see {@link createLabelLookup}. */
  labelOffset?: number;
}

/** Options every way of creating an {@link ImageClassifier} accepts. */
export interface ImageClassifierRunOptions {
  /** Refuse images of more pixels than this before decoding them (default 100 megapixels). */
  maxPixels?: number;
  /**
   * Number of InferRequests classifications share (default: the compiled model's
   * `OPTIMAL_NUMBER_OF_INFER_REQUESTS`). Concurrent `classify()` calls and arrays of images use them all.
   */
  requests?: number;
}

/** Options of {@link ImageClassifier.fromModelFile}. */
export interface ImageClassifierModelFileOptions extends ImageClassifierRunOptions {
  /** How images become the model's input. Required: a model file does not say. */
  preprocessing: ImagePreprocessing;
  /** How the output becomes scores. Required: a model file does not say. */
  postprocessing: ClassifierPostprocessing;
  /** Class names in output order, or the path of a labels file (one per line). */
  labels?: readonly string[] | string;
  /** Device (default `CPU`). */
  device?: string;
  /** OpenVINO properties, e.g. `{ PERFORMANCE_HINT: 'THROUGHPUT' }`. */
  config?: PropertyMap;
  /** Low-precision kernels on CPU: `auto` (default; off without VNNI/AMX), `on`, `off` (see `chooseCpuPrecision`). */
  lowPrecision?: LowPrecisionMode;
  /** Core to use; default a new one owned by the classifier. */
  core?: Core;
}

/** Options of {@link ImageClassifier.load}. */
export interface ImageClassifierLoadOptions
  extends ImageClassifierRunOptions,
    Omit<LoadArtifactOptions, 'prepareModel'> {}

/** Options of {@link ImageClassifier.classify}. */
export interface ClassifyOptions {
  /** How many classes to return, best first (default 5). */
  topK?: number;
}

interface ClassifierParts {
  compiledModel: CompiledModel;
  input: PreparedImageInput;
  output: Port;
  classCount: number;
  label: (index: number) => string;
  labels: readonly string[] | undefined;
  activation: ScorePostprocessing['activation'];
  dequantization: QuantizationParameters | undefined;
  maxPixels: number | undefined;
  requests: number | undefined;
  manifest: Manifest | undefined;
  release: () => void;
}

/**
 * Image classification over OpenVINO: decode (sharp) -> u8 RGB of any size -> OpenVINO resizes and
 * scales inside the model (PrePostProcessor) -> scores (dequantize, softmax) -> top-k labels.
 *
 * ```ts
 * using classifier = await ImageClassifier.load('models', 'mobilenet_v2');
 * const top5 = await classifier.classify('grace_hopper.jpg', { topK: 5 });
 * // [{ label: 'military uniform', score: 0.93, index: 653 }, ...]
 * ```
 */
export class ImageClassifier implements Disposable {
  readonly #parts: ClassifierParts;
  readonly #queue: InferQueue;
  #disposed = false;

  private constructor(parts: ClassifierParts) {
    this.#parts = parts;
    try {
      this.#queue = new InferQueue(parts.compiledModel, parts.requests);
    } catch (error) {
      parts.release();
      throw error;
    }
  }

  /**
   * Loads an image-classification artifact (`<repository>/<name>/<version>/`, latest version by
   * default): verified, prepared from the manifest's `preprocessing` and compiled with its settings.
   * @throws ArtifactNotFoundError / ArtifactCorruptError as {@link loadArtifact}; ArgumentError when
   *   the artifact is not an image classifier.
   */
  static async load(
    repository: string,
    name: string,
    options: ImageClassifierLoadOptions = {},
  ): Promise<ImageClassifier> {
    const run = checkRunOptions(options);
    let input: PreparedImageInput | undefined;
    const artifact = await loadArtifact(repository, name, {
      ...options,
      prepareModel: (model, manifest) => {
        const manifestFile = `${repository}/${name}/${manifest.version}/hubvino.json`;
        if (manifest.task !== 'image-classification') {
          model.dispose();
          throw new ArgumentError(
            'name',
            `'${name}' version ${manifest.version} is a ${manifest.task} model, not an image classifier (task in ${manifestFile}).`,
          );
        }
        if (!manifest.preprocessing || !manifest.postprocessing) {
          model.dispose();
          throw new ArtifactCorruptError(
            manifestFile,
            `${manifestFile} has no ${manifest.preprocessing ? 'postprocessing' : 'preprocessing'} section, which an image classifier needs; re-publish the artifact.`,
          );
        }
        const prepared = prepareImageModel(model, manifest.preprocessing);
        input = prepared.input;
        return prepared.model;
      },
    });
    try {
      const postprocessing = artifact.manifest.postprocessing as NonNullable<Manifest['postprocessing']>;
      return new ImageClassifier({
        ...classifierParts(artifact.compiledModel, input as PreparedImageInput, postprocessing, artifact.labels),
        ...run,
        manifest: artifact.manifest,
        release: () => artifact.dispose(),
      });
    } catch (error) {
      artifact.dispose();
      throw error;
    }
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
    if (typeof options !== 'object' || options === null) {
      throw new ArgumentError('options', `'options' must give { preprocessing, postprocessing } for a model file`);
    }
    const run = checkRunOptions(options);
    const preprocessing = checkImagePreprocessing(options.preprocessing);
    checkPostprocessing(options.postprocessing);
    if (options.core !== undefined && !(options.core instanceof Core)) {
      throw new ArgumentError('core', `'core' must be a Core when given`);
    }
    let labels: readonly string[] | undefined;
    if (typeof options.labels === 'string') labels = await readLabelsFile(options.labels);
    else if (options.labels !== undefined) {
      if (!Array.isArray(options.labels) || !options.labels.every((label) => typeof label === 'string')) {
        throw new ArgumentError('labels', `'labels' must be an array of strings or the path of a labels file`);
      }
      labels = options.labels;
    }
    const ownsCore = options.core === undefined;
    const core = options.core ?? new Core();
    let model: Model | undefined;
    let compiledModel: CompiledModel | undefined;
    try {
      const read = await core.readModel(modelPath);
      const prepared = prepareImageModel(read, preprocessing);
      model = prepared.model;
      const { config } = cpuCompileConfig(readCpuFeatures(core), options, 'image classifier');
      compiledModel = await core.compileModel(model, options.device ?? 'CPU', config);
      const compiled = compiledModel;
      const built = model;
      return new ImageClassifier({
        ...classifierParts(compiled, prepared.input, options.postprocessing, labels),
        ...run,
        manifest: undefined,
        release: () => {
          compiled.dispose();
          built.dispose();
          if (ownsCore) core.dispose();
        },
      });
    } catch (error) {
      compiledModel?.dispose();
      model?.dispose();
      if (ownsCore) core.dispose();
      throw error;
    }
  }

  /** The compiled model (with the preprocessing inside). */
  get compiledModel(): CompiledModel {
    return this.#live().compiledModel;
  }

  /** The height and width every image is resized to. */
  get inputSize(): { height: number; width: number } {
    return { ...this.#parts.input.inputSize };
  }

  /** Number of classes the model scores. */
  get classCount(): number {
    return this.#parts.classCount;
  }

  /** The labels, when the model has them. */
  get labels(): readonly string[] | undefined {
    return this.#parts.labels;
  }

  /** The artifact manifest, when loaded with {@link ImageClassifier.load}. */
  get manifest(): Manifest | undefined {
    return this.#parts.manifest;
  }

  /** Number of InferRequests in use. */
  get requests(): number {
    return this.#queue.size;
  }

  /** True after dispose(). */
  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * Classifies one image (a path, encoded bytes, or raw pixels) and returns the `topK` best classes,
   * best first. Given an array, classifies every image, running up to `requests` inferences at a
   * time, and returns one result per image in the same order (rejecting with the first error).
   * @throws ImageDecodeError / ImageTooLargeError for bad images (naming them); ArgumentError for bad
   *   options; DisposedError after dispose().
   */
  classify(image: ImageInput, options?: ClassifyOptions): Promise<Classification[]>;
  classify(images: readonly ImageInput[], options?: ClassifyOptions): Promise<Classification[][]>;
  async classify(
    images: ImageInput | readonly ImageInput[],
    options: ClassifyOptions = {},
  ): Promise<Classification[] | Classification[][]> {
    this.#live();
    const k = options.topK ?? 5;
    topK([], k); // validates k before any work
    if (!Array.isArray(images)) return this.#classifyOne(images as ImageInput, k);
    const list = images as readonly ImageInput[];
    const results: Classification[][] = new Array(list.length);
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

  /**
   * Frees the requests, the compiled model and (when the classifier created them) the model and
   * Core. Classifications in flight finish; later calls throw DisposedError. Safe to repeat.
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#queue.dispose();
    this.#parts.release();
  }

  /** Same as {@link dispose}. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  async #classifyOne(image: ImageInput, k: number): Promise<Classification[]> {
    const parts = this.#parts;
    const decoded = await decodeImage(image, {
      reduceTowards: parts.input.inputSize,
      ...(parts.maxPixels === undefined ? {} : { maxPixels: parts.maxPixels }),
    });
    const fitted = fitAspectRatio(decoded, parts.input.inputSize, parts.input.resizeMode);
    this.#live();
    const tensor = new Tensor('u8', [1, fitted.height, fitted.width, 3], fitted.data);
    let values: ClassifierOutputValues;
    try {
      const outputs = await this.#queue.run({ [parts.input.inputName]: tensor });
      values = outputs[portKey(parts.output)]?.data as ClassifierOutputValues;
    } finally {
      tensor.dispose();
    }
    const scores = classificationScores(values, parts.output.elementType, parts.activation, parts.dequantization);
    return topK(scores, k).map(({ index, score }) => ({ label: parts.label(index), score, index }));
  }

  #live(): ClassifierParts {
    if (this.#disposed) throw new DisposedError('ImageClassifier');
    return this.#parts;
  }
}

function classifierParts(
  compiledModel: CompiledModel,
  input: PreparedImageInput,
  postprocessing: ClassifierPostprocessing,
  labels: readonly string[] | undefined,
): Omit<ClassifierParts, 'maxPixels' | 'requests' | 'manifest' | 'release'> {
  if (compiledModel.outputs.length !== 1) {
    throw new ArgumentError(
      'model',
      `An image classifier must have one output (the class scores); this model has ${compiledModel.outputs.length}.`,
    );
  }
  const output = compiledModel.output();
  const shape = output.partialShape;
  const classCount = shape[shape.length - 1] ?? -1;
  const leading = shape.slice(0, -1);
  if (output.dynamicRank || classCount < 1 || !leading.every((dimension) => dimension === 1)) {
    throw new ArgumentError(
      'model',
      `An image classifier's output must be [1, classes] scores; '${output.name}' is ${output.dynamicRank ? 'of dynamic rank' : formatShape(shape)}.`,
    );
  }
  const dequantization = resolveDequantization(output.elementType, postprocessing);
  return {
    compiledModel,
    input,
    output,
    classCount,
    label: createLabelLookup(labels, classCount, postprocessing.labelOffset ?? 0),
    labels,
    activation: postprocessing.activation,
    dequantization,
  };
}

function checkPostprocessing(value: unknown): asserts value is ClassifierPostprocessing {
  const activations = ['softmax', 'sigmoid', 'none'];
  if (
    typeof value !== 'object' ||
    value === null ||
    !activations.includes((value as ClassifierPostprocessing).activation)
  ) {
    throw new ArgumentError(
      'postprocessing',
      `'postprocessing' must be an object with activation 'softmax' (the model returns logits), 'sigmoid' or 'none' (it returns probabilities)`,
    );
  }
}

function checkRunOptions(options: ImageClassifierRunOptions): {
  maxPixels: number | undefined;
  requests: number | undefined;
} {
  const { maxPixels, requests } = options;
  if (maxPixels !== undefined && (!Number.isSafeInteger(maxPixels) || maxPixels < 1)) {
    throw new ArgumentError('maxPixels', `'maxPixels' must be a positive integer (got ${String(maxPixels)})`);
  }
  if (requests !== undefined && (!Number.isSafeInteger(requests) || requests < 1 || requests > 64)) {
    throw new ArgumentError('requests', `'requests' must be an integer from 1 to 64 (got ${String(requests)})`);
  }
  return { maxPixels, requests };
}
