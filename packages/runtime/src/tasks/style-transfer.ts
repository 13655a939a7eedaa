import { performance } from 'node:perf_hooks';
import { type LoadArtifactOptions, type LoadedArtifact, loadArtifact } from '../artifact/load-artifact.js';
import type { Manifest } from '../artifact/manifest.js';
import { assertModelName, readManifest, resolveArtifactVersion } from '../artifact/repository.js';
import type { CompiledModel } from '../compiled-model.js';
import { Core } from '../core.js';
import { ArgumentError } from '../errors/argument-error.js';
import { ArtifactCorruptError } from '../errors/artifact-error.js';
import { DisposedError } from '../errors/disposed-error.js';
import { decodeImage } from '../image/decode-image.js';
import type { DecodedImage } from '../image/decoded-image.js';
import { checkEncodeImageOptions, type EncodedImageFormat, encodeImage } from '../image/encode-image.js';
import { fitAspectRatio } from '../image/fit-aspect-ratio.js';
import type { ImageInput } from '../image/image-input.js';
import { unitRangeToBytes } from '../image/unit-range-to-bytes.js';
import { InferQueue } from '../infer-queue.js';
import type { Model } from '../model.js';
import { readCpuFeatures } from '../precision/cpu-features.js';
import { cpuCompileConfig, type LowPrecisionMode } from '../precision/cpu-precision.js';
import type { PropertyMap } from '../properties.js';
import { Tensor } from '../tensor.js';
import { blendBottlenecks, checkStyleStrength } from './blend-bottlenecks.js';
import { BottleneckCache, imageKey } from './bottleneck-cache.js';
import {
  type PreparedStylePrediction,
  type PreparedStyleTransfer,
  prepareStylePredictionModel,
  prepareStyleTransferModel,
  type StyleValueRange,
} from './style-transfer-models.js';

/** Manifest `role` of the style-prediction part (style image -> bottleneck). */
export const STYLE_PREDICTION_ROLE = 'style-prediction';
/** Manifest `role` of the style-transfer part (content image + bottleneck -> stylized image). */
export const STYLE_TRANSFER_ROLE = 'style-transfer';

/**
 * Compile setting applied unless the caller's `config` (or an artifact's `compile.config`) sets
 * `INFERENCE_PRECISION_HINT`: on CPUs with bf16 (AVX512_BF16, AMX) OpenVINO computes in bf16 by
 * default, which moves Magenta's stylized pixels by about 0.045 (of 1) on average from TensorFlow
 * Lite's; in f32 they agree to about 0.002.
 */
export const STYLE_TRANSFER_DEFAULT_CONFIG: Readonly<PropertyMap> = Object.freeze({ INFERENCE_PRECISION_HINT: 'f32' });

/** The two parts of an arbitrary-image-stylization model, by role. */
export interface StyleTransferParts<T> {
  /** Style prediction: style image -> style bottleneck. */
  prediction: T;
  /** Style transfer: content image + style bottleneck -> stylized image. */
  transfer: T;
}

/** Options every way of creating a {@link StyleTransfer} accepts. */
export interface StyleTransferRunOptions {
  /** Refuse images of more pixels than this before decoding them (default 100 megapixels). */
  maxPixels?: number;
  /** InferRequests per part (default: each compiled model's `OPTIMAL_NUMBER_OF_INFER_REQUESTS`). */
  requests?: number;
  /** How many style bottlenecks to remember, keyed by the image's pixels (default 16; 0 turns the cache off). */
  bottleneckCacheSize?: number;
}

/** Options of {@link StyleTransfer.fromModelFiles}. */
export interface StyleTransferModelFilesOptions extends StyleTransferRunOptions {
  /** Values the image inputs expect (default `float-0-1`, Magenta's). */
  valueRange?: StyleValueRange;
  /** Device (default `CPU`). */
  device?: string;
  /** OpenVINO properties, over {@link STYLE_TRANSFER_DEFAULT_CONFIG}, e.g. `{ PERFORMANCE_HINT: 'LATENCY' }`. */
  config?: PropertyMap;
  /** Low-precision kernels on CPU: `auto` (default; off without VNNI/AMX), `on`, `off` (see `chooseCpuPrecision`). */
  lowPrecision?: LowPrecisionMode;
  /** Core to use; default a new one owned by the StyleTransfer. */
  core?: Core;
}

/** Options of {@link StyleTransfer.load}. */
export interface StyleTransferLoadOptions
  extends StyleTransferRunOptions,
    Omit<LoadArtifactOptions, 'prepareModel' | 'version'> {
  /** Version of the artifact named by a string `names` (default the latest); companions' versions come from its manifest. */
  version?: number;
}

/** Options of {@link StyleTransfer.stylize}. */
export interface StylizeOptions {
  /**
   * From 0 to 1 (default 1): blends the style image's bottleneck with the content image's own,
   * `strength * style + (1 - strength) * content`, as TensorFlow's TF Lite example does.
   */
  strength?: number;
  /** Encoding of the result: `png` (default) or `jpeg`. */
  format?: EncodedImageFormat;
  /** JPEG quality, 1 to 100 (default 90). */
  quality?: number;
}

/** Where the time of one {@link StyleTransfer.stylize} call went, in milliseconds. */
export interface StylizeTimings {
  /** Decoding both images. */
  decode: number;
  /** Style prediction (the style image and, when strength < 1, the content image); 0 on cache hits. */
  prediction: number;
  /** The style-transfer inference. */
  transfer: number;
  /** Converting, resizing to the content's size and encoding the result. */
  encode: number;
  total: number;
}

/** The result of {@link StyleTransfer.stylize}. */
export interface StylizedImage {
  /** The encoded image (PNG or JPEG) at the content image's size. */
  image: Buffer;
  format: EncodedImageFormat;
  /** Equal to the content image's width and height (after EXIF orientation). */
  width: number;
  height: number;
  /** MIME type of `image`: `image/png` or `image/jpeg`. */
  mimeType: string;
  timings: StylizeTimings;
}

interface StyleTransferState {
  prediction: PreparedStylePrediction & { compiledModel: CompiledModel };
  transfer: PreparedStyleTransfer & { compiledModel: CompiledModel };
  maxPixels: number | undefined;
  requests: number | undefined;
  cacheSize: number;
  manifests: StyleTransferParts<Manifest> | undefined;
  release: () => void;
}

/**
 * Arbitrary image style transfer (Magenta's arbitrary-image-stylization-v1-256) over OpenVINO, in
 * two parts: style prediction (style image -> 100-value bottleneck) and style transfer (content
 * image + bottleneck -> stylized image). Images of any size go in as u8 pixels; OpenVINO resizes
 * and scales them inside the models (PrePostProcessor), and the result is resized back to the
 * content image's size and encoded with sharp.
 *
 * ```ts
 * using stylizer = await StyleTransfer.load('models', 'magenta-prediction'); // finds its companion
 * const { image } = await stylizer.stylize('photo.jpg', 'painting.jpg', { strength: 0.8 });
 * await writeFile('stylized.png', image);
 * ```
 */
export class StyleTransfer implements Disposable {
  readonly #state: StyleTransferState;
  readonly #predictionQueue: InferQueue;
  readonly #transferQueue: InferQueue;
  readonly #cache: BottleneckCache;
  #disposed = false;

  private constructor(state: StyleTransferState) {
    this.#state = state;
    let predictionQueue: InferQueue | undefined;
    try {
      predictionQueue = new InferQueue(state.prediction.compiledModel, state.requests);
      this.#transferQueue = new InferQueue(state.transfer.compiledModel, state.requests);
    } catch (error) {
      predictionQueue?.dispose();
      state.release();
      throw error;
    }
    this.#predictionQueue = predictionQueue;
    this.#cache = new BottleneckCache(state.cacheSize);
  }

  /**
   * Loads the two style-transfer artifacts from a model repository
   * (`<repository>/<name>/<version>/`). `names` is either both names
   * (`{ prediction: 'magenta-prediction', transfer: 'magenta-transfer' }`, latest versions) or the
   * name of one part, whose manifest's `companions` name the other (and its version).
   * @throws ArtifactNotFoundError / ArtifactCorruptError as {@link loadArtifact}; ArgumentError when
   *   an artifact is not a style-transfer part or its companion is not named.
   */
  static async load(
    repository: string,
    names: string | StyleTransferParts<string>,
    options: StyleTransferLoadOptions = {},
  ): Promise<StyleTransfer> {
    const run = checkRunOptions(options);
    const parts = await resolvePartNames(repository, names, options.version);
    if (options.core !== undefined && !(options.core instanceof Core)) {
      throw new ArgumentError('core', `'core' must be a Core when given`);
    }
    const ownsCore = options.core === undefined;
    const core = options.core ?? new Core();
    const { version: _version, ...loadOptions } = options;
    let prediction: PreparedStylePrediction | undefined;
    let transfer: PreparedStyleTransfer | undefined;
    const loaded: LoadedArtifact[] = [];
    /** Loads one part, checking its manifest's role and building its pre/post-processing into the model. */
    const loadPart = async (
      part: (typeof parts)['prediction'],
      role: string,
      prepare: (model: Model, manifest: Manifest) => Model,
    ): Promise<LoadedArtifact> => {
      const artifact = await loadArtifact(repository, part.name, {
        ...loadOptions,
        config: await partConfig(repository, part, options.config),
        core,
        version: part.version,
        prepareModel: (model, manifest) => {
          checkPartManifest(repository, model, manifest, role);
          return prepare(model, manifest);
        },
      });
      loaded.push(artifact);
      return artifact;
    };
    try {
      const predictionArtifact = await loadPart(parts.prediction, STYLE_PREDICTION_ROLE, (model, manifest) => {
        prediction = prepareStylePredictionModel(model, manifestValueRange(manifest));
        return prediction.model;
      });
      const transferArtifact = await loadPart(parts.transfer, STYLE_TRANSFER_ROLE, (model, manifest) => {
        transfer = prepareStyleTransferModel(model, manifestValueRange(manifest));
        return transfer.model;
      });
      const release = () => {
        for (const artifact of loaded) artifact.dispose();
        if (ownsCore) core.dispose();
      };
      return new StyleTransfer({
        prediction: { ...(prediction as PreparedStylePrediction), compiledModel: predictionArtifact.compiledModel },
        transfer: { ...(transfer as PreparedStyleTransfer), compiledModel: transferArtifact.compiledModel },
        ...run,
        manifests: { prediction: predictionArtifact.manifest, transfer: transferArtifact.manifest },
        release: checkCompatible(prediction as PreparedStylePrediction, transfer as PreparedStyleTransfer, release),
      });
    } catch (error) {
      for (const artifact of loaded) artifact.dispose();
      if (ownsCore) core.dispose();
      throw error;
    }
  }

  /**
   * Style transfer from the two model files OpenVINO reads directly (the TF Lite `.tflite` parts
   * from TF Hub, IR `.xml`, `.onnx`), without artifacts.
   *
   * ```ts
   * const stylizer = await StyleTransfer.fromModelFiles({
   *   prediction: 'magenta_arbitrary-image-stylization-v1-256_int8_prediction_1.tflite',
   *   transfer: 'magenta_arbitrary-image-stylization-v1-256_int8_transfer_1.tflite',
   * });
   * ```
   * @throws ArgumentError for bad options or models that are not the two parts;
   *   ArtifactNotFoundError / ArtifactCorruptError when a file is missing or unreadable.
   */
  static async fromModelFiles(
    modelPaths: StyleTransferParts<string>,
    options: StyleTransferModelFilesOptions = {},
  ): Promise<StyleTransfer> {
    if (
      typeof modelPaths !== 'object' ||
      modelPaths === null ||
      typeof modelPaths.prediction !== 'string' ||
      typeof modelPaths.transfer !== 'string' ||
      modelPaths.prediction === '' ||
      modelPaths.transfer === ''
    ) {
      throw new ArgumentError(
        'modelPaths',
        `'modelPaths' must be { prediction: '<style prediction model file>', transfer: '<style transfer model file>' }`,
      );
    }
    const run = checkRunOptions(options);
    const valueRange = options.valueRange ?? 'float-0-1';
    if (valueRange !== 'float-0-1' && valueRange !== 'float-minus1-1') {
      throw new ArgumentError('valueRange', `'valueRange' must be 'float-0-1' or 'float-minus1-1'`);
    }
    if (options.core !== undefined && !(options.core instanceof Core)) {
      throw new ArgumentError('core', `'core' must be a Core when given`);
    }
    const ownsCore = options.core === undefined;
    const core = options.core ?? new Core();
    const owned: { dispose(): void }[] = [];
    const release = () => {
      for (const object of owned.reverse()) object.dispose();
      if (ownsCore) core.dispose();
    };
    try {
      const device = options.device ?? 'CPU';
      const { config } = cpuCompileConfig(
        readCpuFeatures(core),
        { device, config: { ...STYLE_TRANSFER_DEFAULT_CONFIG, ...options.config }, lowPrecision: options.lowPrecision },
        'style transfer',
      );
      const prediction = prepareStylePredictionModel(await core.readModel(modelPaths.prediction), valueRange);
      owned.push(prediction.model);
      const predictionCompiled = await core.compileModel(prediction.model, device, config);
      owned.push(predictionCompiled);
      const transfer = prepareStyleTransferModel(await core.readModel(modelPaths.transfer), valueRange);
      owned.push(transfer.model);
      const transferCompiled = await core.compileModel(transfer.model, device, config);
      owned.push(transferCompiled);
      return new StyleTransfer({
        prediction: { ...prediction, compiledModel: predictionCompiled },
        transfer: { ...transfer, compiledModel: transferCompiled },
        ...run,
        manifests: undefined,
        release: checkCompatible(prediction, transfer, release),
      });
    } catch (error) {
      release();
      throw error;
    }
  }

  /** The size OpenVINO resizes style images to (256x256 for Magenta). */
  get styleSize(): { height: number; width: number } {
    return { ...this.#state.prediction.input.inputSize };
  }

  /** The size OpenVINO resizes content images to (384x384 for Magenta). */
  get contentSize(): { height: number; width: number } {
    return { ...this.#state.transfer.inputSize };
  }

  /** Number of values in a style bottleneck (100 for Magenta). */
  get bottleneckSize(): number {
    return this.#state.transfer.bottleneckSize;
  }

  /** The artifacts' manifests, when loaded with {@link StyleTransfer.load}. */
  get manifests(): StyleTransferParts<Manifest> | undefined {
    return this.#state.manifests;
  }

  /** Number of style bottlenecks currently cached. */
  get cachedBottlenecks(): number {
    return this.#cache.size;
  }

  /** True after dispose(). */
  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * The style bottleneck of an image (what the prediction part makes of it), served from the
   * cache when the same pixels were seen before.
   * @throws ImageDecodeError / ImageTooLargeError for a bad image; DisposedError after dispose().
   */
  async predictStyle(style: ImageInput): Promise<Float32Array> {
    this.#live();
    const decoded = await this.#decode(style);
    return (await this.#bottleneck(decoded)).values;
  }

  /**
   * Paints `content` in the style of `style` and returns the encoded result at the content image's
   * size. Images are paths, encoded bytes (JPEG, PNG, WebP, ...) or raw pixels, of any size;
   * `style` may also be a bottleneck from {@link StyleTransfer.predictStyle} (or a blend of several).
   * @throws ArgumentError for `strength` outside [0, 1] or bad `format`/`quality`;
   *   ImageDecodeError / ImageTooLargeError naming a bad image; DisposedError after dispose().
   */
  async stylize(
    content: ImageInput,
    style: ImageInput | Float32Array,
    options: StylizeOptions = {},
  ): Promise<StylizedImage> {
    this.#live();
    if (typeof options !== 'object' || options === null) {
      throw new ArgumentError('options', `'options' must be an object such as { strength: 0.8 }`);
    }
    const strength = checkStyleStrength(options.strength ?? 1);
    const encoding = checkEncodeImageOptions({ format: options.format, quality: options.quality });
    const state = this.#state;
    const started = performance.now();
    const given = style instanceof Float32Array ? this.#checkBottleneck(style) : undefined;
    const [contentImage, styleImage] = await Promise.all([
      this.#decode(content),
      given === undefined ? this.#decode(style as ImageInput) : undefined,
    ]);
    const decoded = performance.now();

    let predictionTime = 0;
    const styleBottleneck =
      styleImage === undefined
        ? { values: given as Float32Array, milliseconds: 0 }
        : await this.#bottleneck(styleImage);
    predictionTime += styleBottleneck.milliseconds;
    let bottleneck = styleBottleneck.values;
    if (strength < 1) {
      const contentBottleneck = await this.#bottleneck(contentImage);
      predictionTime += contentBottleneck.milliseconds;
      bottleneck = blendBottlenecks(styleBottleneck.values, contentBottleneck.values, strength);
    }

    const transferStarted = performance.now();
    this.#live();
    const contentTensor = new Tensor('u8', [1, contentImage.height, contentImage.width, 3], contentImage.data);
    const bottleneckShape = state.transfer.compiledModel.input(state.transfer.bottleneckInputName).partialShape;
    const bottleneckTensor = new Tensor('f32', bottleneckShape, bottleneck);
    let stylized: Float32Array;
    try {
      const outputs = await this.#transferQueue.run({
        [state.transfer.contentInputName]: contentTensor,
        [state.transfer.bottleneckInputName]: bottleneckTensor,
      });
      stylized = outputs[state.transfer.outputName]?.data as Float32Array;
    } finally {
      contentTensor.dispose();
      bottleneckTensor.dispose();
    }
    const transferred = performance.now();

    const { height, width } = state.transfer.inputSize;
    const image = await encodeImage(
      { data: unitRangeToBytes(stylized), width, height, channels: 3 },
      {
        format: encoding.format,
        ...(encoding.format === 'jpeg' ? { quality: encoding.quality } : {}),
        resize: { width: contentImage.width, height: contentImage.height },
      },
    );
    const finished = performance.now();
    return {
      image,
      format: encoding.format,
      width: contentImage.width,
      height: contentImage.height,
      mimeType: encoding.format === 'png' ? 'image/png' : 'image/jpeg',
      timings: {
        decode: decoded - started,
        prediction: predictionTime,
        transfer: transferred - transferStarted,
        encode: finished - transferred,
        total: finished - started,
      },
    };
  }

  /** Forgets the cached style bottlenecks. */
  clearCache(): void {
    this.#cache.clear();
  }

  /**
   * Frees the requests, the compiled models and (when the StyleTransfer created them) the models
   * and Core. Calls in flight finish; later calls throw DisposedError. Safe to repeat.
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#predictionQueue.dispose();
    this.#transferQueue.dispose();
    this.#cache.clear();
    this.#state.release();
  }

  /** Same as {@link dispose}. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  #checkBottleneck(values: Float32Array): Float32Array {
    const size = this.#state.transfer.bottleneckSize;
    if (values.length !== size || !values.every(Number.isFinite)) {
      throw new ArgumentError(
        'style',
        `A 'style' bottleneck must be ${size} finite float32 values (from predictStyle()); got ${values.length} values`,
      );
    }
    return values;
  }

  #decode(image: ImageInput): Promise<DecodedImage> {
    const maxPixels = this.#state.maxPixels;
    return decodeImage(image, maxPixels === undefined ? {} : { maxPixels });
  }

  async #bottleneck(image: DecodedImage): Promise<{ values: Float32Array; milliseconds: number }> {
    const key = this.#cache.capacity > 0 ? imageKey(image) : undefined;
    const cached = key === undefined ? undefined : this.#cache.get(key);
    if (cached !== undefined) return { values: cached, milliseconds: 0 };
    const started = performance.now();
    const prediction = this.#live().prediction;
    const fitted = fitAspectRatio(image, prediction.input.inputSize, prediction.input.resizeMode);
    const tensor = new Tensor('u8', [1, fitted.height, fitted.width, 3], fitted.data);
    let values: Float32Array;
    try {
      const outputs = await this.#predictionQueue.run({ [prediction.input.inputName]: tensor });
      values = outputs[prediction.outputName]?.data as Float32Array;
    } finally {
      tensor.dispose();
    }
    if (key !== undefined) this.#cache.set(key, values);
    return { values, milliseconds: performance.now() - started };
  }

  #live(): StyleTransferState {
    if (this.#disposed) throw new DisposedError('StyleTransfer');
    return this.#state;
  }
}

/** Checks that the prediction part's bottleneck fits the transfer part; returns `release` or releases and throws. */
function checkCompatible(
  prediction: PreparedStylePrediction,
  transfer: PreparedStyleTransfer,
  release: () => void,
): () => void {
  if (prediction.bottleneckSize !== transfer.bottleneckSize) {
    release();
    throw new ArgumentError(
      'models',
      `The style-prediction part makes ${prediction.bottleneckSize} bottleneck values but the style-transfer part takes ${transfer.bottleneckSize}; they are not two halves of one model.`,
    );
  }
  return release;
}

function checkRunOptions(options: StyleTransferRunOptions): {
  maxPixels: number | undefined;
  requests: number | undefined;
  cacheSize: number;
} {
  if (typeof options !== 'object' || options === null) {
    throw new ArgumentError('options', `'options' must be an object`);
  }
  const { maxPixels, requests, bottleneckCacheSize } = options;
  if (maxPixels !== undefined && (!Number.isSafeInteger(maxPixels) || maxPixels < 1)) {
    throw new ArgumentError('maxPixels', `'maxPixels' must be a positive integer (got ${String(maxPixels)})`);
  }
  if (requests !== undefined && (!Number.isSafeInteger(requests) || requests < 1 || requests > 64)) {
    throw new ArgumentError('requests', `'requests' must be an integer from 1 to 64 (got ${String(requests)})`);
  }
  if (
    bottleneckCacheSize !== undefined &&
    (!Number.isSafeInteger(bottleneckCacheSize) || bottleneckCacheSize < 0 || bottleneckCacheSize > 10_000)
  ) {
    throw new ArgumentError(
      'bottleneckCacheSize',
      `'bottleneckCacheSize' must be an integer from 0 (off) to 10000 (got ${String(bottleneckCacheSize)})`,
    );
  }
  return { maxPixels, requests, cacheSize: bottleneckCacheSize ?? 16 };
}

/** The caller's config over {@link STYLE_TRANSFER_DEFAULT_CONFIG}, unless the artifact's manifest sets the precision itself. */
async function partConfig(
  repository: string,
  part: { name: string; version: number | undefined },
  config: PropertyMap | undefined,
): Promise<PropertyMap> {
  const { directory } = await resolveArtifactVersion(repository, part.name, part.version);
  const manifest = await readManifest(directory);
  const fromManifest = manifest.compile?.config?.INFERENCE_PRECISION_HINT !== undefined;
  return fromManifest ? { ...config } : { ...STYLE_TRANSFER_DEFAULT_CONFIG, ...config };
}

function manifestValueRange(manifest: Manifest): StyleValueRange {
  return manifest.preprocessing?.valueRange === 'float-minus1-1' ? 'float-minus1-1' : 'float-0-1';
}

function checkPartManifest(repository: string, model: Model, manifest: Manifest, role: string): void {
  const where = `${repository}/${manifest.name}/${manifest.version}/hubvino.json`;
  if (manifest.task !== 'style-transfer') {
    model.dispose();
    throw new ArgumentError(
      'names',
      `'${manifest.name}' version ${manifest.version} is a ${manifest.task} model, not a style-transfer part (task in ${where}).`,
    );
  }
  if (manifest.role !== undefined && manifest.role !== role) {
    model.dispose();
    throw new ArgumentError(
      'names',
      `'${manifest.name}' version ${manifest.version} is the ${manifest.role} part, but it was given as the ${role} part (role in ${where}).`,
    );
  }
}

/** Turns `names` into the name and version of both parts, following `companions` for a single name. */
async function resolvePartNames(
  repository: string,
  names: string | StyleTransferParts<string>,
  version: number | undefined,
): Promise<StyleTransferParts<{ name: string; version: number | undefined }>> {
  if (typeof repository !== 'string' || repository.length === 0) {
    throw new ArgumentError(
      'repository',
      `'repository' must be the path of a model repository folder (got ${JSON.stringify(repository)})`,
    );
  }
  if (typeof names === 'object' && names !== null) {
    assertModelName(names.prediction, 'names.prediction');
    assertModelName(names.transfer, 'names.transfer');
    if (version !== undefined) {
      throw new ArgumentError(
        'version',
        `'version' applies to a single name; pass names without it to load the latest versions`,
      );
    }
    return {
      prediction: { name: names.prediction, version: undefined },
      transfer: { name: names.transfer, version: undefined },
    };
  }
  if (typeof names !== 'string') {
    throw new ArgumentError(
      'names',
      `'names' must be the name of one part (its manifest names its companion) or { prediction, transfer }`,
    );
  }
  assertModelName(names, 'names');
  const resolved = await resolveArtifactVersion(repository, names, version);
  const manifest = await readManifest(resolved.directory);
  const where = `${resolved.directory}/hubvino.json`;
  if (manifest.task !== 'style-transfer') {
    throw new ArgumentError(
      'names',
      `'${names}' version ${resolved.version} is a ${manifest.task} model, not a style-transfer part (task in ${where}).`,
    );
  }
  const role = manifest.role;
  if (role !== STYLE_PREDICTION_ROLE && role !== STYLE_TRANSFER_ROLE) {
    throw new ArtifactCorruptError(
      where,
      `${where} has no role '${STYLE_PREDICTION_ROLE}' or '${STYLE_TRANSFER_ROLE}', so its companion cannot be found; pass { prediction, transfer } names instead.`,
    );
  }
  const otherRole = role === STYLE_PREDICTION_ROLE ? STYLE_TRANSFER_ROLE : STYLE_PREDICTION_ROLE;
  const companion = manifest.companions?.find((entry) => entry.role === otherRole);
  if (companion === undefined) {
    throw new ArtifactCorruptError(
      where,
      `${where} names no '${otherRole}' companion; re-publish the pair or pass { prediction, transfer } names.`,
    );
  }
  const self = { name: names, version: resolved.version };
  const other = { name: companion.name, version: companion.version };
  return role === STYLE_PREDICTION_ROLE ? { prediction: self, transfer: other } : { prediction: other, transfer: self };
}
