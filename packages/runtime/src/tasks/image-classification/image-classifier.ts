import { compileArtifact } from '../../artifact/load-artifact.js';
import type { Manifest } from '../../artifact/manifest.js';
import { openArtifact } from '../../artifact/open-artifact.js';
import type { CompiledModel } from '../../compiled-model.js';
import { enginePort, type InferenceEngine, type InferenceLocation } from '../../engine/inference-engine.js';
import { ArgumentError } from '../../errors/argument-error.js';
import { decodeImage } from '../../image/decode-image.js';
import { fitAspectRatio } from '../../image/fit-aspect-ratio.js';
import type { ImageInput } from '../../image/image-input.js';
import { readCpuFeatures } from '../../precision/cpu-features.js';
import { cpuCompileConfig } from '../../precision/cpu-precision.js';
import { OwnedResources } from '../base/owned-resources.js';
import {
  connectRemoteTask,
  isRemoteTaskOptions,
  type RemoteTaskOptions,
  servedImageInput,
} from '../base/remote-task.js';
import { Task } from '../base/task.js';
import { checkTaskManifest } from '../base/task-artifact.js';
import { checkOptionsObject, checkTaskRunOptions } from '../base/task-options.js';
import { Stopwatch } from '../base/task-timings.js';
import { checkImagePreprocessing, type PreparedImageInput, prepareImageModel } from '../common/image-preprocessing.js';
import { inferImageOn } from '../common/image-tensor.js';
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

/** Options of `ImageClassifier.load` for a served model: `{ endpoint, model, version }`. */
export interface ImageClassifierRemoteOptions extends RemoteTaskOptions {
  /** Refuse images of more pixels than this before decoding them (default 100 megapixels). */
  maxPixels?: number;
}

interface ClassifierParts {
  /** In-process: the compiled model the engine runs (the task builds the engine). */
  compiledModel: CompiledModel | undefined;
  device: string;
  /** Remote: the connected engine. */
  engine: InferenceEngine | undefined;
  input: PreparedImageInput;
  head: ClassifierHead;
  maxPixels: number | undefined;
  requests: number | undefined;
  manifest: Manifest | undefined;
}

/**
 * Image classification over OpenVINO: decode (sharp) -> u8 RGB of any size -> OpenVINO resizes and
 * scales inside the model (PrePostProcessor) -> scores (dequantize, softmax) -> top-k labels.
 * The model runs on an engine: compiled in this process, or served by a KServe v2 server.
 *
 * ```ts
 * using classifier = await ImageClassifier.load('models', 'mobilenet_v2');
 * const { classes, timings } = await classifier.classify('grace_hopper.jpg', { topK: 5 });
 * // classes: [{ label: 'military uniform', score: 0.93, index: 653 }, ...]; timings.infer: 4.2 (ms)
 * using remote = await ImageClassifier.load({ endpoint: 'http://127.0.0.1:8000', model: 'mobilenet_v2', version: 1 });
 * ```
 */
export class ImageClassifier extends Task {
  readonly #parts: ClassifierParts;
  readonly #engine: InferenceEngine;
  readonly #concurrency: number;

  private constructor(resources: OwnedResources, parts: ClassifierParts, concurrency?: number) {
    super('ImageClassifier', resources);
    this.#parts = parts;
    if (parts.engine) {
      this.#engine = this.adoptEngine(parts.engine);
      this.#concurrency = concurrency ?? 16;
    } else {
      const engine = this.createEngine(parts.compiledModel as CompiledModel, parts.device, parts.requests);
      this.#engine = engine;
      this.#concurrency = engine.requests;
    }
  }

  /**
   * Loads an image-classification artifact (`<repository>/<name>/<version>/`, latest version by
   * default): verified, prepared from the manifest's `preprocessing` and compiled with its settings.
   * @throws ArtifactNotFoundError / ArtifactCorruptError as `loadArtifact`; ArgumentError when
   *   the artifact is not an image classifier.
   */
  static load(repository: string, name: string, options?: ImageClassifierLoadOptions): Promise<ImageClassifier>;
  /**
   * Classifies with a model served by a KServe v2 server: `{ endpoint, model, version }`. The
   * server must serve the `pnpm convert serve-config` output of the artifact (its IR carries the
   * pre-processing this class adds in-process), so remote and in-process scores agree; the
   * manifest and labels are read from `repository` (default `models`). No OpenVINO is loaded.
   * @throws ArgumentError for bad options; ArtifactNotFoundError when `repository` lacks the
   *   artifact; RemoteModelError when the server does not serve it (that version) or serves an IR
   *   without the pre-processing; RemoteUnavailableError / RemoteTimeoutError when it cannot be reached.
   */
  static load(options: ImageClassifierRemoteOptions): Promise<ImageClassifier>;
  static async load(
    repositoryOrOptions: string | ImageClassifierRemoteOptions,
    name?: string,
    options: ImageClassifierLoadOptions = {},
  ): Promise<ImageClassifier> {
    if (isRemoteTaskOptions(repositoryOrOptions)) return ImageClassifier.#loadRemote(repositoryOrOptions);
    const repository = repositoryOrOptions;
    if (typeof name !== 'string') {
      throw new ArgumentError(
        `'name' must be the model's name in the repository (or pass { endpoint, model } for a served model)`,
        { argument: 'name' },
      );
    }
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
      const compiledModel = artifact.compiledModel;
      const head = classifierHead(compiledModel.outputs.map(enginePort), postprocessing, artifact.labels);
      const device = options.device ?? 'CPU';
      return new ImageClassifier(resources, {
        compiledModel,
        device,
        engine: undefined,
        input: input!,
        head,
        ...run,
        manifest,
      });
    });
  }

  static async #loadRemote(options: ImageClassifierRemoteOptions): Promise<ImageClassifier> {
    const { maxPixels } = checkTaskRunOptions(options.maxPixels === undefined ? {} : { maxPixels: options.maxPixels });
    return OwnedResources.useRemote(async (resources) => {
      const { opened, labels, engine } = await connectRemoteTask(options, {
        task: 'image-classification',
        describedAs: 'an image classifier',
        requires: ['preprocessing', 'postprocessing'],
      });
      resources.own(engine);
      const { manifest } = opened;
      const preprocessing = manifest.preprocessing as NonNullable<Manifest['preprocessing']>;
      const postprocessing = manifest.postprocessing as NonNullable<Manifest['postprocessing']>;
      const served = servedImageInput(engine, options.repository);
      const head = classifierHead(engine.outputs, postprocessing, labels);
      const input: PreparedImageInput = {
        inputName: served.name,
        inputSize: preprocessing.inputSize,
        resizeMode: preprocessing.resizeMode,
        layout: preprocessing.layout,
      };
      return new ImageClassifier(
        resources,
        {
          compiledModel: undefined,
          device: engine.location.where,
          engine,
          input,
          head,
          maxPixels,
          requests: undefined,
          manifest,
        },
        options.maxConcurrency,
      );
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
      const head = classifierHead(compiledModel.outputs.map(enginePort), postprocessing, labels);
      return new ImageClassifier(resources, {
        compiledModel,
        device: options.device ?? 'CPU',
        engine: undefined,
        input: prepared.input,
        head,
        ...run,
        manifest: undefined,
      });
    });
  }

  /**
   * The compiled model (with the preprocessing inside).
   * @throws ArgumentError for a classifier whose model is served remotely (see {@link location}).
   */
  get compiledModel(): CompiledModel {
    this.assertLive();
    const compiled = this.#parts.compiledModel;
    if (compiled === undefined) {
      throw new ArgumentError(
        `This ImageClassifier runs on ${this.#engine.location.description}; it has no compiled model in this process.`,
        { argument: 'compiledModel' },
      );
    }
    return compiled;
  }

  /** Where inference runs: on a device in this process, or on a KServe v2 server. */
  get location(): InferenceLocation {
    return this.#engine.location;
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

  /** Inferences run at once: InferRequests in-process, calls in flight to a server. */
  get requests(): number {
    return this.#concurrency;
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
    // A decode takes about as long as an inference and waits for libuv's pool, so three images per
    // request are in flight (the bench's 100 JPEGs on 2 cores, 2 requests: 2 per request 125/s, 3 per
    // request 135/s, 4 no better; with today's default of 4 requests, 12 in flight measured the same
    // 207-227/s as 2 requests with 6 on the fixture model).
    const workers = Math.min(list.length, this.#concurrency * 3);
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
    const result = await stopwatch.time('infer', () => inferImageOn(this.#engine, input.inputName, pixels));
    const classes = await stopwatch.time('postprocess', () => topClasses(head, result, k));
    return { classes, timings: stopwatch.timings() };
  }
}
