import { type LoadArtifactOptions, loadArtifact } from '../../artifact/load-artifact.js';
import type { Manifest } from '../../artifact/manifest.js';
import { ArgumentError } from '../../errors/argument-error.js';
import { ArtifactCorruptError } from '../../errors/artifact-error.js';
import { DisposedError } from '../../errors/disposed-error.js';
import { decodeImage } from '../../image/decode-image.js';
import { encodeImage } from '../../image/encode-image.js';
import type { ImageInput } from '../../image/image-input.js';
import { InferQueue } from '../../infer-queue.js';
import { Tensor } from '../../tensor.js';
import { type PreparedImageInput, prepareImageModel } from '../image-preprocessing.js';
import { classMask, classPixelCounts } from './class-mask.js';
import { colourOverlay, pascalColour } from './colour-overlay.js';
import type { Segmentation } from './segmentation.js';

type SegmentationSection = NonNullable<NonNullable<Manifest['postprocessing']>['segmentation']>;

/** Options of {@link ImageSegmenter.load}. */
export interface ImageSegmenterLoadOptions extends Omit<LoadArtifactOptions, 'prepareModel'> {
  /** Refuse images of more pixels than this before decoding them (default 100 megapixels). */
  maxPixels?: number;
  /** InferRequests shared by concurrent `segment()` calls (default: OpenVINO's optimal number). */
  requests?: number;
}

/** Options of {@link ImageSegmenter.segment}. */
export interface SegmentOptions {
  /** Opacity of the class colours in the overlay, 0..1 (default 0.6). */
  overlayOpacity?: number;
}

/**
 * Semantic segmentation over OpenVINO (DeepLab v3 from TF Hub / TF Lite): decode (sharp) -> u8 RGB
 * of any size -> OpenVINO stretches it to the model input and scales it inside the model
 * (PrePostProcessor, bilinear, [-1, 1] from the model's metadata, like the TF Lite Task Library) ->
 * per-pixel class scores -> scores upsampled to the image's size and argmax -> class per pixel,
 * legend and PNG overlay.
 *
 * ```ts
 * using segmenter = await ImageSegmenter.load('models', 'deeplabv3');
 * const { mask, classes, overlay } = await segmenter.segment('photo.jpg');
 * ```
 */
export class ImageSegmenter implements Disposable {
  readonly #artifact: Awaited<ReturnType<typeof loadArtifact>>;
  readonly #input: PreparedImageInput;
  readonly #section: SegmentationSection;
  readonly #labels: string[];
  readonly #queue: InferQueue;
  readonly #maxPixels: number | undefined;
  #disposed = false;

  private constructor(
    artifact: Awaited<ReturnType<typeof loadArtifact>>,
    input: PreparedImageInput,
    maxPixels: number | undefined,
    requests: number | undefined,
  ) {
    this.#artifact = artifact;
    this.#input = input;
    this.#section = artifact.manifest.postprocessing?.segmentation as SegmentationSection;
    this.#maxPixels = maxPixels;
    const classes = this.#section.classes;
    const labels = artifact.labels;
    if (labels && labels.length !== classes) {
      throw new ArtifactCorruptError(
        `${artifact.directory}/hubvino.json`,
        `The segmenter has ${classes} classes but ${labels.length} labels; re-publish the artifact.`,
      );
    }
    this.#labels = labels ? [...labels] : Array.from({ length: classes }, (_, index) => `class ${index}`);
    this.#queue = new InferQueue(artifact.compiledModel, requests);
  }

  /**
   * Loads an image-segmentation artifact (latest version by default), verified and compiled with the
   * image preprocessing from its manifest.
   * @throws ArtifactNotFoundError / ArtifactCorruptError as {@link loadArtifact}; ArgumentError when
   *   the artifact is not an image segmenter or an option is invalid.
   */
  static async load(
    repository: string,
    name: string,
    options: ImageSegmenterLoadOptions = {},
  ): Promise<ImageSegmenter> {
    const { maxPixels, requests } = options;
    if (maxPixels !== undefined && (!Number.isSafeInteger(maxPixels) || maxPixels < 1)) {
      throw new ArgumentError('maxPixels', `'maxPixels' must be a positive integer (got ${String(maxPixels)})`);
    }
    if (requests !== undefined && (!Number.isSafeInteger(requests) || requests < 1 || requests > 64)) {
      throw new ArgumentError('requests', `'requests' must be an integer from 1 to 64 (got ${String(requests)})`);
    }
    let input: PreparedImageInput | undefined;
    const artifact = await loadArtifact(repository, name, {
      ...options,
      prepareModel: (model, manifest) => {
        const manifestFile = `${repository}/${name}/${manifest.version}/hubvino.json`;
        if (manifest.task !== 'image-segmentation') {
          model.dispose();
          throw new ArgumentError(
            'name',
            `'${name}' version ${manifest.version} is a ${manifest.task} model, not an image segmenter (task in ${manifestFile}).`,
          );
        }
        if (!manifest.preprocessing || !manifest.postprocessing?.segmentation) {
          model.dispose();
          throw new ArtifactCorruptError(
            manifestFile,
            `${manifestFile} has no ${manifest.preprocessing ? 'postprocessing.segmentation' : 'preprocessing'} section, which an image segmenter needs; re-publish the artifact.`,
          );
        }
        const prepared = prepareImageModel(model, manifest.preprocessing);
        input = prepared.input;
        return prepared.model;
      },
    });
    try {
      return new ImageSegmenter(artifact, input as PreparedImageInput, maxPixels, requests);
    } catch (error) {
      artifact.dispose();
      throw error;
    }
  }

  /** The artifact manifest. */
  get manifest(): Manifest {
    return this.#artifact.manifest;
  }

  /** The class names, by index. */
  get labels(): readonly string[] {
    return this.#labels;
  }

  /** The size every image is stretched to inside the model. */
  get inputSize(): { height: number; width: number } {
    return { ...this.#input.inputSize };
  }

  /** True after dispose(). */
  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * Segments one image (a path, encoded bytes or raw pixels): the class of every pixel at the
   * image's own size, the classes present and a PNG overlay.
   * @throws ImageDecodeError / ImageTooLargeError for bad images; ArgumentError for bad options;
   *   DisposedError after dispose().
   */
  async segment(image: ImageInput, options: SegmentOptions = {}): Promise<Segmentation> {
    this.#live();
    const opacity = options.overlayOpacity ?? 0.6;
    if (typeof opacity !== 'number' || !(opacity >= 0 && opacity <= 1)) {
      throw new ArgumentError(
        'overlayOpacity',
        `'overlayOpacity' must be a number from 0 to 1 (got ${String(opacity)})`,
      );
    }
    const decoded = await decodeImage(image, this.#maxPixels === undefined ? {} : { maxPixels: this.#maxPixels });
    this.#live();
    const tensor = new Tensor('u8', [1, decoded.height, decoded.width, 3], decoded.data);
    let scores: Float32Array;
    let shape: number[];
    try {
      const outputs = await this.#queue.run({ [this.#input.inputName]: tensor });
      const output = outputs[this.#section.output];
      if (!output) {
        throw new ArtifactCorruptError(
          `${this.#artifact.directory}/hubvino.json`,
          `The segmenter returned no output '${this.#section.output}'; re-publish the artifact.`,
        );
      }
      scores = output.data as Float32Array;
      shape = [...output.shape];
    } finally {
      tensor.dispose();
    }
    const [, height = 0, width = 0, classes = 0] = shape;
    const mask = classMask({ scores, height, width, classes }, { width: decoded.width, height: decoded.height });
    const counts = classPixelCounts(mask, classes);
    const present = counts
      .map((count, index) => ({
        index,
        label: this.#labels[index] ?? `class ${index}`,
        color: pascalColour(index),
        fraction: count / mask.length,
      }))
      .filter((entry) => entry.fraction > 0)
      .sort((a, b) => b.fraction - a.fraction);
    const overlay = await encodeImage(colourOverlay(decoded, mask, { opacity }), { format: 'png' });
    return { width: decoded.width, height: decoded.height, mask, labels: [...this.#labels], classes: present, overlay };
  }

  /** Frees the requests and the compiled artifact. Safe to repeat. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#queue.dispose();
    this.#artifact.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  #live(): void {
    if (this.#disposed) throw new DisposedError('ImageSegmenter');
  }
}
