import { type LoadArtifactOptions, loadArtifact } from '../../artifact/load-artifact.js';
import type { Manifest } from '../../artifact/manifest.js';
import type { CompiledModel } from '../../compiled-model.js';
import { ArgumentError } from '../../errors/argument-error.js';
import { ArtifactCorruptError } from '../../errors/artifact-error.js';
import { DisposedError } from '../../errors/disposed-error.js';
import { decodeImage } from '../../image/decode-image.js';
import { fitAspectRatio } from '../../image/fit-aspect-ratio.js';
import type { ImageInput } from '../../image/image-input.js';
import { InferQueue } from '../../infer-queue.js';
import { formatShape, type Port, portKey } from '../../port.js';
import { Tensor } from '../../tensor.js';
import { type PreparedImageInput, prepareImageModel } from '../image-preprocessing.js';
import { COCO_KEYPOINT_NAMES, COCO_SKELETON, type Keypoint } from './keypoints.js';
import { keypointsToImagePixels, squarePadding } from './square-padding.js';

/** Options of {@link PoseEstimator.load}. */
export interface PoseEstimatorLoadOptions extends Omit<LoadArtifactOptions, 'prepareModel'> {
  /** Refuse images of more pixels than this before decoding them (default 100 megapixels). */
  maxPixels?: number;
  /** Number of InferRequests concurrent `estimate()` calls share (default: OpenVINO's optimal number). */
  requests?: number;
}

/** One person's pose in the image as given. */
export interface Pose {
  /** The 17 COCO keypoints in MoveNet's order, in the original image's pixels. */
  keypoints: Keypoint[];
  /** Mean keypoint score: low (under ~0.2) when there is no person in the image. */
  score: number;
  /** Pairs of indices into `keypoints` to join when drawing the skeleton ({@link COCO_SKELETON}). */
  skeleton: readonly (readonly [number, number])[];
  /** The image's size in pixels (after EXIF orientation). */
  width: number;
  height: number;
  /** Milliseconds spent decoding, in inference and in total. */
  timings: { decodeMs: number; inferMs: number; totalMs: number };
}

interface PoseParts {
  compiledModel: CompiledModel;
  input: PreparedImageInput;
  output: Port;
  manifest: Manifest;
  maxPixels: number | undefined;
  release: () => void;
}

/**
 * Single-person pose estimation with MoveNet (TF Hub `movenet/singlepose/{lightning,thunder}`): the
 * image is padded to a square (centred, black, keeping its aspect ratio, as the model card asks),
 * OpenVINO resizes it to the model's input (192x192 for lightning) inside the model, and the
 * [1, 1, 17, 3] (y, x, score) output is mapped back to the original image's pixels.
 *
 * ```ts
 * using estimator = await PoseEstimator.load('models', 'movenet');
 * const { keypoints, skeleton } = await estimator.estimate('squat.bmp');
 * // [{ name: 'nose', x: 294.6, y: 202.6, score: 0.5 }, ...]
 * ```
 */
export class PoseEstimator implements Disposable {
  readonly #parts: PoseParts;
  readonly #queue: InferQueue;
  #disposed = false;

  private constructor(parts: PoseParts, requests: number | undefined) {
    this.#parts = parts;
    try {
      this.#queue = new InferQueue(parts.compiledModel, requests);
    } catch (error) {
      parts.release();
      throw error;
    }
  }

  /**
   * Loads a pose-estimation artifact (`<repository>/<name>/<version>/`, latest by default).
   * @throws ArtifactNotFoundError / ArtifactCorruptError as {@link loadArtifact}; ArgumentError when
   *   the artifact is not a pose estimator or its output is not [1, 1, 17, 3].
   */
  static async load(repository: string, name: string, options: PoseEstimatorLoadOptions = {}): Promise<PoseEstimator> {
    const { maxPixels, requests } = checkRunOptions(options);
    let input: PreparedImageInput | undefined;
    const artifact = await loadArtifact(repository, name, {
      ...options,
      prepareModel: (model, manifest) => {
        const manifestFile = `${repository}/${name}/${manifest.version}/hubvino.json`;
        if (manifest.task !== 'pose-estimation') {
          model.dispose();
          throw new ArgumentError(
            'name',
            `'${name}' version ${manifest.version} is a ${manifest.task} model, not a pose estimator (task in ${manifestFile}).`,
          );
        }
        if (!manifest.preprocessing) {
          model.dispose();
          throw new ArtifactCorruptError(
            manifestFile,
            `${manifestFile} has no preprocessing section, which a pose estimator needs; re-publish the artifact.`,
          );
        }
        const prepared = prepareImageModel(model, { ...manifest.preprocessing, resizeMode: 'letterbox' });
        input = prepared.input;
        return prepared.model;
      },
    });
    try {
      const output = poseOutput(artifact.compiledModel);
      return new PoseEstimator(
        {
          compiledModel: artifact.compiledModel,
          input: input as PreparedImageInput,
          output,
          manifest: artifact.manifest,
          maxPixels,
          release: () => artifact.dispose(),
        },
        requests,
      );
    } catch (error) {
      artifact.dispose();
      throw error;
    }
  }

  /** The keypoint names in output order. */
  static readonly keypointNames: readonly string[] = COCO_KEYPOINT_NAMES;

  /** Pairs of keypoint indices to join when drawing the skeleton. */
  static readonly skeleton: readonly (readonly [number, number])[] = COCO_SKELETON;

  /** The compiled model (with the preprocessing inside). */
  get compiledModel(): CompiledModel {
    return this.#live().compiledModel;
  }

  /** The height and width the padded image is resized to. */
  get inputSize(): { height: number; width: number } {
    return { ...this.#parts.input.inputSize };
  }

  /** The artifact manifest. */
  get manifest(): Manifest {
    return this.#parts.manifest;
  }

  /** True after dispose(). */
  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * Estimates the pose of the (most prominent) person in `image`: a path, encoded bytes (JPEG, PNG,
   * WebP, GIF, TIFF, AVIF, BMP) or raw pixels. An image without a person still returns 17
   * keypoints, with low scores.
   * @throws ImageDecodeError / ImageTooLargeError for bad images; DisposedError after dispose().
   */
  async estimate(image: ImageInput): Promise<Pose> {
    const parts = this.#live();
    const started = performance.now();
    const decoded = await decodeImage(image, parts.maxPixels === undefined ? {} : { maxPixels: parts.maxPixels });
    const square = fitAspectRatio(decoded, parts.input.inputSize, 'letterbox');
    const decodeMs = performance.now() - started;
    this.#live();
    const tensor = new Tensor('u8', [1, square.height, square.width, 3], square.data);
    let values: Float32Array;
    try {
      const outputs = await this.#queue.run({ [parts.input.inputName]: tensor });
      values = outputs[portKey(parts.output)]?.data as Float32Array;
    } finally {
      tensor.dispose();
    }
    const inferMs = performance.now() - started - decodeMs;
    const points = keypointsToImagePixels(values, decoded, squarePadding(decoded.width, decoded.height));
    const keypoints = points.map((point, index) => ({
      name: COCO_KEYPOINT_NAMES[index] as Keypoint['name'],
      ...point,
    }));
    const score = keypoints.reduce((sum, point) => sum + point.score, 0) / keypoints.length;
    return {
      keypoints,
      score,
      skeleton: COCO_SKELETON,
      width: decoded.width,
      height: decoded.height,
      timings: { decodeMs, inferMs, totalMs: performance.now() - started },
    };
  }

  /** Frees the requests and the compiled model. Safe to repeat. */
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

  #live(): PoseParts {
    if (this.#disposed) throw new DisposedError('PoseEstimator');
    return this.#parts;
  }
}

function poseOutput(compiledModel: CompiledModel): Port {
  const output = compiledModel.outputs[0];
  const shape = output?.partialShape ?? [];
  if (
    compiledModel.outputs.length !== 1 ||
    output === undefined ||
    output.dynamicRank ||
    output.elementType !== 'f32' ||
    shape.length !== 4 ||
    shape[2] !== COCO_KEYPOINT_NAMES.length ||
    shape[3] !== 3
  ) {
    throw new ArgumentError(
      'model',
      `A pose estimator must have one f32 output [1, 1, 17, 3] (y, x, score per COCO keypoint); this model has ${compiledModel.outputs
        .map((port) => `'${portKey(port)}' ${port.elementType} ${formatShape(port.partialShape)}`)
        .join(', ')}.`,
    );
  }
  return output;
}

function checkRunOptions(options: PoseEstimatorLoadOptions): {
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
