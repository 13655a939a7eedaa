import { type LoadArtifactOptions, loadArtifact } from '../../artifact/load-artifact.js';
import type { Manifest } from '../../artifact/manifest.js';
import { ArgumentError } from '../../errors/argument-error.js';
import { ArtifactCorruptError } from '../../errors/artifact-error.js';
import { DisposedError } from '../../errors/disposed-error.js';
import { decodeImage } from '../../image/decode-image.js';
import type { ImageInput } from '../../image/image-input.js';
import { InferQueue } from '../../infer-queue.js';
import type { InferResult } from '../../infer-request.js';
import { Tensor } from '../../tensor.js';
import { type PreparedImageInput, prepareImageModel } from '../image-preprocessing.js';
import { createLabelLookup } from '../labels.js';
import { checkDetectOptions, type DetectOptions, decodeDetections } from './decode-detections.js';
import type { Detection } from './detection.js';

type DetectionSection = NonNullable<NonNullable<Manifest['postprocessing']>['detection']>;

/** Options of {@link ObjectDetector.load}. */
export interface ObjectDetectorLoadOptions extends Omit<LoadArtifactOptions, 'prepareModel'> {
  /** Refuse images of more pixels than this before decoding them (default 100 megapixels). */
  maxPixels?: number;
  /** InferRequests shared by concurrent `detect()` calls (default: OpenVINO's optimal number). */
  requests?: number;
}

/**
 * Object detection over OpenVINO with an SSD artifact converted from TF Lite (its
 * `TFLite_Detection_PostProcess` rebuilt in the IR): decode (sharp) -> u8 RGB of any size ->
 * OpenVINO stretches it to the model input inside the model (PrePostProcessor, bilinear, like the
 * TF Lite Task Library) -> boxes, classes, scores, count -> detections in the image's pixels.
 *
 * ```ts
 * using detector = await ObjectDetector.load('models', 'ssd');
 * const found = await detector.detect('cats_and_dogs.jpg', { scoreThreshold: 0.5 });
 * // [{ label: 'cat', index: 16, score: 0.67, box: { x, y, width, height } }, ...]
 * ```
 */
export class ObjectDetector implements Disposable {
  readonly #artifact: Awaited<ReturnType<typeof loadArtifact>>;
  readonly #input: PreparedImageInput;
  readonly #section: DetectionSection;
  readonly #label: (index: number) => string;
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
    this.#section = artifact.manifest.postprocessing?.detection as DetectionSection;
    this.#maxPixels = maxPixels;
    const labels = artifact.labels;
    this.#label = labels ? (index) => labels[index] ?? `class ${index}` : createLabelLookup(undefined, 0);
    for (const name of Object.values(this.#section.outputs)) {
      if (!artifact.compiledModel.outputs.some((port) => port.names.includes(name) || port.name === name)) {
        throw new ArtifactCorruptError(
          `${artifact.directory}/hubvino.json`,
          `The detector's manifest names output '${name}', which the IR does not have; re-publish the artifact.`,
        );
      }
    }
    this.#queue = new InferQueue(artifact.compiledModel, requests);
  }

  /**
   * Loads an object-detection artifact (latest version by default), verified and compiled with the
   * image preprocessing from its manifest.
   * @throws ArtifactNotFoundError / ArtifactCorruptError as {@link loadArtifact}; ArgumentError when
   *   the artifact is not an object detector or an option is invalid.
   */
  static async load(
    repository: string,
    name: string,
    options: ObjectDetectorLoadOptions = {},
  ): Promise<ObjectDetector> {
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
        if (manifest.task !== 'object-detection') {
          model.dispose();
          throw new ArgumentError(
            'name',
            `'${name}' version ${manifest.version} is a ${manifest.task} model, not an object detector (task in ${manifestFile}).`,
          );
        }
        if (!manifest.preprocessing || !manifest.postprocessing?.detection) {
          model.dispose();
          throw new ArtifactCorruptError(
            manifestFile,
            `${manifestFile} has no ${manifest.preprocessing ? 'postprocessing.detection' : 'preprocessing'} section, which an object detector needs; re-publish the artifact.`,
          );
        }
        const prepared = prepareImageModel(model, manifest.preprocessing);
        input = prepared.input;
        return prepared.model;
      },
    });
    try {
      return new ObjectDetector(artifact, input as PreparedImageInput, maxPixels, requests);
    } catch (error) {
      artifact.dispose();
      throw error;
    }
  }

  /** The artifact manifest. */
  get manifest(): Manifest {
    return this.#artifact.manifest;
  }

  /** The class names, when the artifact has them (COCO SSD: from its TF Lite metadata). */
  get labels(): readonly string[] | undefined {
    return this.#artifact.labels;
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
   * Detects objects in one image (a path, encoded bytes or raw pixels): best first, boxes in the
   * image's own pixels (after EXIF orientation).
   * @throws ImageDecodeError / ImageTooLargeError for bad images; ArgumentError for bad options;
   *   DisposedError after dispose().
   */
  async detect(image: ImageInput, options: DetectOptions = {}): Promise<Detection[]> {
    this.#live();
    checkDetectOptions(options);
    const decoded = await decodeImage(image, this.#maxPixels === undefined ? {} : { maxPixels: this.#maxPixels });
    this.#live();
    const tensor = new Tensor('u8', [1, decoded.height, decoded.width, 3], decoded.data);
    let outputs: InferResult;
    try {
      outputs = await this.#queue.run({ [this.#input.inputName]: tensor });
    } finally {
      tensor.dispose();
    }
    const read = (name: string) => {
      const output = outputs[name];
      if (!output) {
        throw new ArtifactCorruptError(
          `${this.#artifact.directory}/hubvino.json`,
          `The detector returned no output '${name}'; re-publish the artifact.`,
        );
      }
      return output.data as Float32Array;
    };
    const { boxes, classes, scores, count } = this.#section.outputs;
    return decodeDetections(
      { boxes: read(boxes), classes: read(classes), scores: read(scores), count: read(count)[0] ?? 0 },
      { width: decoded.width, height: decoded.height },
      this.#label,
      options,
    );
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
    if (this.#disposed) throw new DisposedError('ObjectDetector');
  }
}
