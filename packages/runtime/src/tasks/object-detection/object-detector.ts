import type { Manifest } from '../../artifact/manifest.js';
import type { CompiledModel } from '../../compiled-model.js';
import { decodeImage } from '../../image/decode-image.js';
import type { ImageInput } from '../../image/image-input.js';
import type { InferQueue } from '../../infer-queue.js';
import type { OwnedResources } from '../base/owned-resources.js';
import { Task } from '../base/task.js';
import { outputData } from '../base/task-outputs.js';
import { Stopwatch } from '../base/task-timings.js';
import { loadImageTask } from '../common/compile-image-artifact.js';
import type { PreparedImageInput } from '../common/image-preprocessing.js';
import { inferImage } from '../common/image-tensor.js';
import { checkDetectOptions, type DetectOptions, decodeDetections } from './decode-detections.js';
import type { ObjectDetection, ObjectDetectorLoadOptions } from './object-detector-options.js';

type DetectionSection = NonNullable<NonNullable<Manifest['postprocessing']>['detection']>;

interface DetectorParts {
  compiledModel: CompiledModel;
  requests: number | undefined;
  input: PreparedImageInput;
  outputs: DetectionSection['outputs'];
  label: (index: number) => string;
  labels: readonly string[] | undefined;
  manifest: Manifest;
  maxPixels: number | undefined;
}

/**
 * Object detection over OpenVINO with an SSD artifact converted from TF Lite (its
 * `TFLite_Detection_PostProcess` rebuilt inside the IR): decode (sharp) -> u8 RGB of any size ->
 * OpenVINO stretches it to the model input inside the model (PrePostProcessor, bilinear, as the TF
 * Lite Task Library does) -> boxes, classes, scores, count -> detections in the image's pixels.
 *
 * ```ts
 * using detector = await ObjectDetector.load('models', 'ssd_mobilenet_v1');
 * const { detections } = await detector.detect('cats_and_dogs.jpg', { scoreThreshold: 0.5 });
 * // [{ label: 'cat', index: 16, score: 0.64, box: { x: 55, y: 398, width: 392, height: 196 } }, ...]
 * ```
 */
export class ObjectDetector extends Task {
  readonly #parts: DetectorParts;
  readonly #queue: InferQueue;

  private constructor(resources: OwnedResources, parts: DetectorParts) {
    super('ObjectDetector', resources);
    this.#parts = parts;
    this.#queue = this.createQueue(parts.compiledModel, parts.requests);
  }

  /**
   * Loads an object-detection artifact (latest version by default), verified and compiled with the
   * image preprocessing from its manifest.
   * @throws ArtifactNotFoundError / ArtifactCorruptError as `loadArtifact`; ArgumentError when the
   *   artifact is not an object detector or an option is invalid.
   */
  static async load(
    repository: string,
    name: string,
    options: ObjectDetectorLoadOptions = {},
  ): Promise<ObjectDetector> {
    return loadImageTask(
      repository,
      name,
      options,
      { task: 'object-detection', describedAs: 'an object detector', section: 'detection' },
      ({ resources, artifact, input, manifest, section, run }) => {
        const labels = artifact.labels;
        return new ObjectDetector(resources, {
          compiledModel: artifact.compiledModel,
          requests: run.requests,
          input,
          outputs: section.outputs,
          label: (index) => labels?.[index] ?? `class ${index}`,
          labels,
          manifest,
          maxPixels: run.maxPixels,
        });
      },
    );
  }

  /** The artifact manifest. */
  get manifest(): Manifest {
    return this.#parts.manifest;
  }

  /** The class names, when the artifact has them (COCO SSD: from its TF Lite metadata). */
  get labels(): readonly string[] | undefined {
    return this.#parts.labels;
  }

  /** The size every image is stretched to inside the model. */
  get inputSize(): { height: number; width: number } {
    return { ...this.#parts.input.inputSize };
  }

  /**
   * Detects objects in one image (a path, encoded bytes or raw pixels): best first, boxes in the
   * image's own pixels (after EXIF orientation), with the timings of the call.
   * @throws ImageDecodeError / ImageTooLargeError for bad images; ArgumentError for bad options;
   *   DisposedError after dispose().
   */
  async detect(image: ImageInput, options: DetectOptions = {}): Promise<ObjectDetection> {
    this.assertLive();
    checkDetectOptions(options);
    const stopwatch = new Stopwatch();
    const parts = this.#parts;
    const pixels = await stopwatch.time('preprocess', () =>
      decodeImage(image, parts.maxPixels === undefined ? {} : { maxPixels: parts.maxPixels }),
    );
    this.assertLive();
    const result = await stopwatch.time('infer', () => inferImage(this.#queue, parts.input.inputName, pixels));
    const detections = await stopwatch.time('postprocess', () => {
      const { boxes, classes, scores, count } = parts.outputs;
      return decodeDetections(
        {
          boxes: outputData(result, boxes, [Float32Array]),
          classes: outputData(result, classes, [Float32Array]),
          scores: outputData(result, scores, [Float32Array]),
          count: outputData(result, count, [Float32Array])[0] ?? 0,
        },
        { width: pixels.width, height: pixels.height },
        parts.label,
        options,
      );
    });
    return { detections, width: pixels.width, height: pixels.height, timings: stopwatch.timings() };
  }
}
