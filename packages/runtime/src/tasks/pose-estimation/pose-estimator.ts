import type { Manifest } from '../../artifact/manifest.js';
import type { CompiledModel } from '../../compiled-model.js';
import { ArgumentError } from '../../errors/argument-error.js';
import { decodeImage } from '../../image/decode-image.js';
import { fitAspectRatio } from '../../image/fit-aspect-ratio.js';
import type { ImageInput } from '../../image/image-input.js';
import type { InferQueue } from '../../infer-queue.js';
import { formatShape, type Port, portKey } from '../../port.js';
import type { OwnedResources } from '../base/owned-resources.js';
import { Task } from '../base/task.js';
import { outputData } from '../base/task-outputs.js';
import { Stopwatch } from '../base/task-timings.js';
import { loadImageTask } from '../common/compile-image-artifact.js';
import type { PreparedImageInput } from '../common/image-preprocessing.js';
import { inferImage } from '../common/image-tensor.js';
import { COCO_KEYPOINT_NAMES, COCO_SKELETON, type Keypoint } from './keypoints.js';
import type { Pose, PoseEstimatorLoadOptions } from './pose-estimator-options.js';
import { keypointsToImagePixels, squarePadding } from './square-padding.js';

interface PoseParts {
  compiledModel: CompiledModel;
  input: PreparedImageInput;
  output: Port;
  manifest: Manifest;
  maxPixels: number | undefined;
  requests: number | undefined;
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
 * // [{ name: 'nose', x: 297.4, y: 199.9, score: 0.75 }, ...]
 * ```
 */
export class PoseEstimator extends Task {
  /** The keypoint names in output order. */
  static readonly keypointNames: readonly string[] = COCO_KEYPOINT_NAMES;
  /** Pairs of keypoint indices to join when drawing the skeleton. */
  static readonly skeleton: readonly (readonly [number, number])[] = COCO_SKELETON;

  readonly #parts: PoseParts;
  readonly #queue: InferQueue;

  private constructor(resources: OwnedResources, parts: PoseParts) {
    super('PoseEstimator', resources);
    this.#parts = parts;
    this.#queue = this.createQueue(parts.compiledModel, parts.requests);
  }

  /**
   * Loads a pose-estimation artifact (`<repository>/<name>/<version>/`, latest by default).
   * @throws ArtifactNotFoundError / ArtifactCorruptError as `loadArtifact`; ArgumentError when the
   *   artifact is not a pose estimator or its output is not [1, 1, 17, 3].
   */
  static async load(repository: string, name: string, options: PoseEstimatorLoadOptions = {}): Promise<PoseEstimator> {
    return loadImageTask(
      repository,
      name,
      options,
      // MoveNet's model card: pad to a square keeping the aspect ratio, then resize.
      {
        task: 'pose-estimation',
        describedAs: 'a pose estimator',
        section: undefined,
        preprocessing: { resizeMode: 'letterbox' },
      },
      ({ resources, artifact, input, manifest, run }) => {
        const compiledModel = artifact.compiledModel;
        const output = poseOutput(compiledModel);
        return new PoseEstimator(resources, { compiledModel, input, output, manifest, ...run });
      },
    );
  }

  /** The compiled model (with the preprocessing inside). */
  get compiledModel(): CompiledModel {
    this.assertLive();
    return this.#parts.compiledModel;
  }

  /** The height and width the padded image is resized to. */
  get inputSize(): { height: number; width: number } {
    return { ...this.#parts.input.inputSize };
  }

  /** The artifact manifest. */
  get manifest(): Manifest {
    return this.#parts.manifest;
  }

  /**
   * Estimates the pose of the (most prominent) person in `image`: a path, encoded bytes (JPEG, PNG,
   * WebP, GIF, TIFF, AVIF, BMP) or raw pixels. An image without a person still gives 17 keypoints,
   * with low scores.
   * @throws ImageDecodeError / ImageTooLargeError for bad images; DisposedError after dispose().
   */
  async estimate(image: ImageInput): Promise<Pose> {
    this.assertLive();
    const { input, output, maxPixels } = this.#parts;
    const stopwatch = new Stopwatch();
    const { decoded, square } = await stopwatch.time('preprocess', async () => {
      // Not reduced towards the model's size: MoveNet's tolerances were measured on full-size decodes.
      const decoded = await decodeImage(image, maxPixels === undefined ? {} : { maxPixels });
      return { decoded, square: fitAspectRatio(decoded, input.inputSize, 'letterbox') };
    });
    this.assertLive();
    const result = await stopwatch.time('infer', () => inferImage(this.#queue, input.inputName, square));
    // Images over the decoder's pixel budget come out shrunk; keypoints go back to the image as given.
    const original = decoded.source ?? { width: decoded.width, height: decoded.height };
    const keypoints = await stopwatch.time('postprocess', () => {
      const values = outputData(result, portKey(output), [Float32Array]);
      const points = keypointsToImagePixels(values, decoded, squarePadding(decoded.width, decoded.height));
      const scaleX = original.width / decoded.width;
      const scaleY = original.height / decoded.height;
      return points.map(
        (point, index): Keypoint => ({
          name: COCO_KEYPOINT_NAMES[index] as Keypoint['name'],
          x: point.x * scaleX,
          y: point.y * scaleY,
          score: point.score,
        }),
      );
    });
    return {
      keypoints,
      score: keypoints.reduce((sum, point) => sum + point.score, 0) / keypoints.length,
      skeleton: COCO_SKELETON,
      width: original.width,
      height: original.height,
      timings: stopwatch.timings(),
    };
  }
}

/** The one f32 [1, 1, 17, 3] output of a MoveNet model. */
function poseOutput(compiledModel: CompiledModel): Port {
  const output = compiledModel.outputs[0];
  const shape = output?.partialShape ?? [];
  if (
    compiledModel.outputs.length !== 1 ||
    output === undefined ||
    output.dynamicRank ||
    output.elementType !== 'f32' ||
    shape.at(-2) !== COCO_KEYPOINT_NAMES.length ||
    shape.at(-1) !== 3
  ) {
    throw new ArgumentError(
      `A pose estimator must have one f32 output [1, 1, 17, 3] (y, x, score per COCO keypoint); this model has ${compiledModel.outputs
        .map((port) => `'${portKey(port)}' ${port.elementType} ${formatShape(port.partialShape)}`)
        .join(', ')}.`,
      { argument: 'model' },
    );
  }
  return output;
}
