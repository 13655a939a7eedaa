import type { Manifest } from '../../artifact/manifest.js';
import { decodeImage } from '../../image/decode-image.js';
import type { DecodedImage } from '../../image/decoded-image.js';
import { checkEncodeImageOptions } from '../../image/encode-image.js';
import type { ImageInput } from '../../image/image-input.js';
import type { InferQueue } from '../../infer-queue.js';
import { Tensor } from '../../tensor.js';
import { OwnedResources } from '../base/owned-resources.js';
import { Task } from '../base/task.js';
import { checkOptionsObject } from '../base/task-options.js';
import { outputData } from '../base/task-outputs.js';
import { Stopwatch } from '../base/task-timings.js';
import { inferImage } from '../common/image-tensor.js';
import { checkStyleStrength } from './blend-bottlenecks.js';
import { encodeStylized, stylizedSize } from './encode-stylized.js';
import { StylePredictor } from './style-predictor.js';
import {
  compileStyleTransferFiles,
  loadStyleTransferParts,
  type StyleTransferModels,
} from './style-transfer-loading.js';
import {
  type CheckedStyleTransferRunOptions,
  checkModelPaths,
  checkStyleTransferRunOptions,
  checkValueRange,
  type StyleTransferLoadOptions,
  type StyleTransferModelFilesOptions,
  type StyleTransferParts,
  type StylizedImage,
  type StylizeOptions,
} from './style-transfer-options.js';

interface StyleTransferSetup extends StyleTransferModels {
  run: CheckedStyleTransferRunOptions;
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
 * const { image, timings } = await stylizer.stylize('photo.jpg', 'painting.jpg', { strength: 0.8 });
 * await writeFile('stylized.png', image);
 * ```
 */
export class StyleTransfer extends Task {
  readonly #setup: StyleTransferSetup;
  readonly #predictor: StylePredictor;
  readonly #transferQueue: InferQueue;

  private constructor(resources: OwnedResources, setup: StyleTransferSetup) {
    super('StyleTransfer', resources);
    const { prediction, transfer, run } = setup;
    this.#setup = setup;
    const predictionQueue = this.createQueue(prediction.compiledModel, run.requests);
    this.#transferQueue = this.createQueue(transfer.compiledModel, run.requests);
    this.#predictor = new StylePredictor(predictionQueue, prediction, run.cacheSize);
  }

  /**
   * Loads the two style-transfer artifacts from a model repository
   * (`<repository>/<name>/<version>/`). `names` is either both names
   * (`{ prediction: 'magenta-prediction', transfer: 'magenta-transfer' }`, latest versions) or the
   * name of one part, whose manifest's `companions` name the other (and its version).
   * @throws ArtifactNotFoundError / ArtifactCorruptError as `loadArtifact`; ArgumentError when
   *   an artifact is not a style-transfer part or its companion is not named.
   */
  static async load(
    repository: string,
    names: string | StyleTransferParts<string>,
    options: StyleTransferLoadOptions = {},
  ): Promise<StyleTransfer> {
    const run = checkStyleTransferRunOptions(options);
    return OwnedResources.use(options.core, async (resources) => {
      const parts = await loadStyleTransferParts(repository, names, options, resources);
      return new StyleTransfer(resources, { ...parts, run });
    });
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
    checkModelPaths(modelPaths);
    const run = checkStyleTransferRunOptions(options);
    const valueRange = checkValueRange(options.valueRange);
    return OwnedResources.use(options.core, async (resources) => {
      const parts = await compileStyleTransferFiles(modelPaths, valueRange, options, resources);
      return new StyleTransfer(resources, { ...parts, run });
    });
  }

  /** The size OpenVINO resizes style images to (256x256 for Magenta). */
  get styleSize(): { height: number; width: number } {
    return { ...this.#setup.prediction.input.inputSize };
  }

  /** The size OpenVINO resizes content images to (384x384 for Magenta). */
  get contentSize(): { height: number; width: number } {
    return { ...this.#setup.transfer.inputSize };
  }

  /** Number of values in a style bottleneck (100 for Magenta). */
  get bottleneckSize(): number {
    return this.#setup.transfer.bottleneckSize;
  }

  /** The artifacts' manifests, when loaded with {@link StyleTransfer.load}. */
  get manifests(): StyleTransferParts<Manifest> | undefined {
    return this.#setup.manifests;
  }

  /** Number of style bottlenecks currently cached. */
  get cachedBottlenecks(): number {
    return this.#predictor.cached;
  }

  /**
   * The style bottleneck of an image (what the prediction part makes of it), served from the
   * cache when the same pixels were seen before.
   * @throws ImageDecodeError / ImageTooLargeError for a bad image; DisposedError after dispose().
   */
  async predictStyle(style: ImageInput): Promise<Float32Array> {
    this.assertLive();
    const decoded = await this.#decode(style, this.styleSize);
    return (await this.#predictor.bottleneck(decoded, () => this.assertLive())).values;
  }

  /**
   * Paints `content` in the style of `style` and returns the encoded result at the content image's
   * size, with the timings of the call. Images are paths, encoded bytes (JPEG, PNG, WebP, ...) or
   * raw pixels, of any size; `style` may also be a bottleneck from {@link StyleTransfer.predictStyle}
   * (or a blend of several).
   * @throws ArgumentError for `strength` outside [0, 1] or bad `format`/`quality`;
   *   ImageDecodeError / ImageTooLargeError naming a bad image; DisposedError after dispose().
   */
  async stylize(
    content: ImageInput,
    style: ImageInput | Float32Array,
    options: StylizeOptions = {},
  ): Promise<StylizedImage> {
    this.assertLive();
    checkOptionsObject(options, '{ strength: 0.8 }');
    const strength = checkStyleStrength(options.strength ?? 1);
    const encoding = checkEncodeImageOptions({ format: options.format, quality: options.quality });
    const stopwatch = new Stopwatch();
    const given =
      style instanceof Float32Array ? this.#predictor.checkBottleneck(style, this.bottleneckSize) : undefined;
    const [contentImage, styleImage] = await stopwatch.time('preprocess', () =>
      Promise.all([
        this.#decode(content, this.contentSize),
        given === undefined ? this.#decode(style as ImageInput, this.styleSize) : undefined,
      ]),
    );
    const decode = stopwatch.timings().preprocess;

    const { values: bottleneck, milliseconds: prediction } = await this.#predictor.styleFor(
      styleImage ?? given!,
      contentImage,
      strength,
      () => this.assertLive(),
    );
    stopwatch.add('infer', prediction);

    this.assertLive();
    const stylized = await stopwatch.time('infer', () => this.#transfer(contentImage, bottleneck));
    const transfer = stopwatch.timings().infer - prediction;

    const image = await stopwatch.time('postprocess', () =>
      encodeStylized(stylized, this.#setup.transfer.inputSize, contentImage, encoding),
    );
    const timings = stopwatch.timings();
    const { width, height } = stylizedSize(contentImage);
    return {
      image,
      format: encoding.format,
      width,
      height,
      mimeType: encoding.format === 'png' ? 'image/png' : 'image/jpeg',
      timings: { ...timings, decode, prediction, transfer, encode: timings.postprocess },
    };
  }

  /** Forgets the cached style bottlenecks. */
  clearCache(): void {
    this.#predictor.clear();
  }

  protected override onDispose(): void {
    this.#predictor.clear();
  }

  /** Runs the transfer part on the content image and a bottleneck; returns the f32 NHWC image in [0, 1]. */
  async #transfer(contentImage: DecodedImage, bottleneck: Float32Array): Promise<Float32Array> {
    const { transfer } = this.#setup;
    const bottleneckShape = transfer.compiledModel.input(transfer.bottleneckInputName).partialShape;
    const bottleneckTensor = new Tensor('f32', bottleneckShape, bottleneck);
    try {
      const result = await inferImage(this.#transferQueue, transfer.contentInputName, contentImage, {
        [transfer.bottleneckInputName]: bottleneckTensor,
      });
      return outputData(result, transfer.outputName, [Float32Array]);
    } finally {
      bottleneckTensor.dispose();
    }
  }

  /** Decodes `image` shrunk towards `size` (the model's input), so that no image is decoded at full size. */
  #decode(image: ImageInput, size: { width: number; height: number }): Promise<DecodedImage> {
    const maxPixels = this.#setup.run.maxPixels;
    return decodeImage(image, { reduceTowards: size, ...(maxPixels === undefined ? {} : { maxPixels }) });
  }
}
