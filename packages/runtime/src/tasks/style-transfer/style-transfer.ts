import type { Manifest } from '../../artifact/manifest.js';
import { ArgumentError } from '../../errors/argument-error.js';
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
import { stylizeOnePiece } from './style-one-piece.js';
import { StylePredictor } from './style-predictor.js';
import {
  compileStyleTransferFiles,
  loadStyleTransferParts,
  type OnePieceStyleTransferModel,
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

interface OnePieceSetup extends OnePieceStyleTransferModel {
  run: CheckedStyleTransferRunOptions;
}

/** The two forms of Magenta's model a StyleTransfer runs. */
export type StyleTransferForm = 'two-part' | 'one-piece';

/**
 * Arbitrary image style transfer (Magenta's arbitrary-image-stylization-v1-256) over OpenVINO, in
 * either of the forms TF Hub ships:
 * - **two parts** (the TF Lite models): style prediction (style image -> 100-value bottleneck) and
 *   style transfer (content image resized to 384x384 + bottleneck -> stylized image), resized back
 *   to the content's size; `strength` blends bottlenecks;
 * - **one piece** (the SavedModel the OpenVINO notebook converts, manifest role `one-piece`):
 *   content image at its own size + style image resized to 256x256 -> stylized image at the
 *   content's size. It has no bottleneck, so `strength` must be 1 and `predictStyle` is refused.
 *
 * Images of any size go in as u8 pixels; OpenVINO resizes and scales them inside the models
 * (PrePostProcessor), and the result is encoded with sharp at the content image's size.
 *
 * ```ts
 * using stylizer = await StyleTransfer.load('models', 'magenta-prediction'); // finds its companion
 * const { image, timings } = await stylizer.stylize('photo.jpg', 'painting.jpg', { strength: 0.8 });
 * await writeFile('stylized.png', image);
 * ```
 */
export class StyleTransfer extends Task {
  readonly #setup: StyleTransferSetup | undefined;
  readonly #onePiece: OnePieceSetup | undefined;
  readonly #predictor: StylePredictor | undefined;
  readonly #queue: InferQueue;

  private constructor(resources: OwnedResources, setup: StyleTransferSetup | OnePieceSetup) {
    super('StyleTransfer', resources);
    if (setup.form === 'one-piece') {
      this.#onePiece = setup;
      this.#queue = this.createQueue(setup.onePiece.compiledModel, setup.run.requests);
      return;
    }
    const { prediction, transfer, run } = setup;
    this.#setup = setup;
    const predictionQueue = this.createQueue(prediction.compiledModel, run.requests);
    this.#queue = this.createQueue(transfer.compiledModel, run.requests);
    this.#predictor = new StylePredictor(predictionQueue, prediction, run.cacheSize);
  }

  /**
   * Loads style transfer from a model repository (`<repository>/<name>/<version>/`): the one-piece
   * artifact (role `one-piece`, converted from TF Hub's SavedModel) by its name, or the two parts.
   * For the parts, `names` is either both names (`{ prediction: 'magenta-prediction', transfer:
   * 'magenta-transfer' }`, latest versions) or the name of one part, whose manifest's `companions`
   * name the other (and its version).
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
      const loaded = await loadStyleTransferParts(repository, names, options, resources);
      return new StyleTransfer(resources, { ...loaded, run });
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

  /** `two-part` (TF Lite prediction + transfer) or `one-piece` (TF Hub's SavedModel). */
  get form(): StyleTransferForm {
    return this.#onePiece ? 'one-piece' : 'two-part';
  }

  /** Whether `stylize` takes a `strength` below 1 and `style` bottlenecks (the two-part form only). */
  get supportsStrength(): boolean {
    return this.#onePiece === undefined;
  }

  /** The size OpenVINO resizes style images to (256x256 for Magenta, in both forms). */
  get styleSize(): { height: number; width: number } {
    if (this.#onePiece) return { ...this.#onePiece.onePiece.styleSize };
    return { ...this.#twoPart().prediction.input.inputSize };
  }

  /**
   * The size OpenVINO resizes content images to (384x384 for Magenta's two parts); `undefined` for
   * the one-piece form, which paints the content at its own size.
   */
  get contentSize(): { height: number; width: number } | undefined {
    return this.#onePiece ? undefined : { ...this.#twoPart().transfer.inputSize };
  }

  /** Number of values in a style bottleneck (100 for Magenta's two parts); 0 for the one-piece form, which has none. */
  get bottleneckSize(): number {
    return this.#onePiece ? 0 : this.#twoPart().transfer.bottleneckSize;
  }

  /** The two parts' manifests, when loaded with {@link StyleTransfer.load} (undefined for the one-piece form: see `manifest`). */
  get manifests(): StyleTransferParts<Manifest> | undefined {
    return this.#setup?.manifests;
  }

  /** The one-piece artifact's manifest (undefined for the two-part form: see `manifests`). */
  get manifest(): Manifest | undefined {
    return this.#onePiece?.manifest;
  }

  /** Number of style bottlenecks currently cached (always 0 for the one-piece form). */
  get cachedBottlenecks(): number {
    return this.#predictor?.cached ?? 0;
  }

  /**
   * The style bottleneck of an image (what the prediction part makes of it), served from the
   * cache when the same pixels were seen before.
   * @throws ImageDecodeError / ImageTooLargeError for a bad image; DisposedError after dispose().
   */
  async predictStyle(style: ImageInput): Promise<Float32Array> {
    this.assertLive();
    const predictor = this.#predictorOr('predictStyle() needs a style bottleneck');
    const decoded = await this.#decode(style, this.styleSize);
    return (await predictor.bottleneck(decoded, () => this.assertLive())).values;
  }

  /**
   * Paints `content` in the style of `style` and returns the encoded result at the content image's
   * size, with the timings of the call. Images are paths, encoded bytes (JPEG, PNG, WebP, ...) or
   * raw pixels, of any size; `style` may also be a bottleneck from {@link StyleTransfer.predictStyle}
   * (or a blend of several).
   * @throws ArgumentError for `strength` outside [0, 1] (or other than 1 for the one-piece form, and a
   *   bottleneck `style` there) or bad `format`/`quality`; ImageDecodeError / ImageTooLargeError
   *   naming a bad image; DisposedError after dispose().
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
    if (this.#onePiece) {
      if (strength !== 1) {
        throw new ArgumentError(
          `'strength' must be 1 with the one-piece style-transfer model (TF Hub's SavedModel: content + style -> image has no style bottleneck to blend); got ${strength}. Use the two-part TF Lite form (pnpm convert style-transfer <prediction> <transfer>) for strength below 1.`,
          { argument: 'strength' },
        );
      }
      if (style instanceof Float32Array) {
        throw new ArgumentError(
          `'style' must be an image with the one-piece style-transfer model: it takes no style bottleneck (those come from the two-part form's predictStyle()).`,
          { argument: 'style' },
        );
      }
      return stylizeOnePiece(this.#queue, this.#onePiece.onePiece, content, style, encoding, {
        maxPixels: this.#onePiece.run.maxPixels,
        assertLive: () => this.assertLive(),
      });
    }
    const predictor = this.#predictorOr('stylize() needs a style bottleneck');
    const setup = this.#twoPart();
    const contentSize = setup.transfer.inputSize;
    const stopwatch = new Stopwatch();
    const given = style instanceof Float32Array ? predictor.checkBottleneck(style, this.bottleneckSize) : undefined;
    const [contentImage, styleImage] = await stopwatch.time('preprocess', () =>
      Promise.all([
        this.#decode(content, contentSize),
        given === undefined ? this.#decode(style as ImageInput, this.styleSize) : undefined,
      ]),
    );
    const decode = stopwatch.timings().preprocess;

    const { values: bottleneck, milliseconds: prediction } = await predictor.styleFor(
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
      encodeStylized(stylized, contentSize, contentImage, encoding),
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
    this.#predictor?.clear();
  }

  protected override onDispose(): void {
    this.#predictor?.clear();
  }

  #twoPart(): StyleTransferSetup {
    return this.#setup as StyleTransferSetup;
  }

  /** @throws ArgumentError naming `style` for the one-piece form, which has no bottleneck. */
  #predictorOr(what: string): StylePredictor {
    if (this.#predictor === undefined) {
      throw new ArgumentError(
        `${what}, and the one-piece style-transfer model (TF Hub's SavedModel) has none; load the two-part TF Lite form for bottlenecks and strength.`,
        { argument: 'style' },
      );
    }
    return this.#predictor;
  }

  /** Runs the transfer part on the content image and a bottleneck; returns the f32 NHWC image in [0, 1]. */
  async #transfer(contentImage: DecodedImage, bottleneck: Float32Array): Promise<Float32Array> {
    const { transfer } = this.#twoPart();
    const bottleneckShape = transfer.compiledModel.input(transfer.bottleneckInputName).partialShape;
    const bottleneckTensor = new Tensor('f32', bottleneckShape, bottleneck);
    try {
      const result = await inferImage(this.#queue, transfer.contentInputName, contentImage, {
        [transfer.bottleneckInputName]: bottleneckTensor,
      });
      return outputData(result, transfer.outputName, [Float32Array]);
    } finally {
      bottleneckTensor.dispose();
    }
  }

  /** Decodes `image` shrunk towards `size` (the model's input), so that no image is decoded at full size. */
  #decode(image: ImageInput, size: { width: number; height: number }): Promise<DecodedImage> {
    const maxPixels = this.#twoPart().run.maxPixels;
    return decodeImage(image, { reduceTowards: size, ...(maxPixels === undefined ? {} : { maxPixels }) });
  }
}
