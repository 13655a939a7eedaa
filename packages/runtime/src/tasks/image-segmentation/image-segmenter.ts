import type { Manifest } from '../../artifact/manifest.js';
import type { CompiledModel } from '../../compiled-model.js';
import { ArtifactCorruptError } from '../../errors/artifact-corrupt-error.js';
import { decodeImage } from '../../image/decode-image.js';
import { encodeImage } from '../../image/encode-image.js';
import type { ImageInput } from '../../image/image-input.js';
import type { InferQueue } from '../../infer-queue.js';
import type { OwnedResources } from '../base/owned-resources.js';
import { Task } from '../base/task.js';
import { outputData } from '../base/task-outputs.js';
import { Stopwatch } from '../base/task-timings.js';
import { loadImageTask } from '../common/compile-image-artifact.js';
import type { PreparedImageInput } from '../common/image-preprocessing.js';
import { inferImage } from '../common/image-tensor.js';
import { classMask, classPixelCounts } from './class-mask.js';
import { colourOverlay, pascalColour } from './colour-overlay.js';
import { checkSegmentOptions, type ImageSegmenterLoadOptions, type SegmentOptions } from './image-segmenter-options.js';
import type { Segmentation } from './segmentation.js';

interface SegmenterParts {
  compiledModel: CompiledModel;
  requests: number | undefined;
  input: PreparedImageInput;
  /** The output holding [1, H, W, classes] scores. */
  output: string;
  labels: string[];
  manifest: Manifest;
  maxPixels: number | undefined;
}

/**
 * Semantic segmentation over OpenVINO (DeepLab v3 from TF Hub / TF Lite): decode (sharp) -> u8 RGB
 * of any size -> OpenVINO stretches it to the model input and scales it inside the model
 * (PrePostProcessor, bilinear, [-1, 1] from the model's metadata, as the TF Lite Task Library does) ->
 * per-pixel class scores -> scores upsampled to the image's size, argmax -> class per pixel, the
 * classes present and a PNG overlay.
 *
 * ```ts
 * using segmenter = await ImageSegmenter.load('models', 'deeplabv3');
 * const { mask, width, classes, overlay } = await segmenter.segment('photo.jpg');
 * // mask[y * width + x] is the class index of pixel (x, y); classes: [{ label: 'person', fraction: 0.33, ... }]
 * ```
 */
export class ImageSegmenter extends Task {
  readonly #parts: SegmenterParts;
  readonly #queue: InferQueue;

  private constructor(resources: OwnedResources, parts: SegmenterParts) {
    super('ImageSegmenter', resources);
    this.#parts = parts;
    this.#queue = this.createQueue(parts.compiledModel, parts.requests);
  }

  /**
   * Loads an image-segmentation artifact (latest version by default), verified and compiled with the
   * image preprocessing from its manifest.
   * @throws ArtifactNotFoundError / ArtifactCorruptError as `loadArtifact`; ArgumentError when the
   *   artifact is not an image segmenter or an option is invalid.
   */
  static async load(
    repository: string,
    name: string,
    options: ImageSegmenterLoadOptions = {},
  ): Promise<ImageSegmenter> {
    return loadImageTask(
      repository,
      name,
      options,
      { task: 'image-segmentation', describedAs: 'an image segmenter', section: 'segmentation' },
      ({ resources, artifact, input, manifest, manifestFile, section, run }) => {
        const labels = artifact.labels;
        if (labels && labels.length !== section.classes) {
          throw new ArtifactCorruptError(
            `${manifestFile} describes ${section.classes} classes but its labels file has ${labels.length} labels; re-publish the artifact.`,
            { file: manifestFile },
          );
        }
        return new ImageSegmenter(resources, {
          compiledModel: artifact.compiledModel,
          requests: run.requests,
          input,
          output: section.output,
          labels: labels ? [...labels] : Array.from({ length: section.classes }, (_, index) => `class ${index}`),
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

  /** The class names, by index. */
  get labels(): readonly string[] {
    return this.#parts.labels;
  }

  /** The size every image is stretched to inside the model. */
  get inputSize(): { height: number; width: number } {
    return { ...this.#parts.input.inputSize };
  }

  /**
   * Segments one image (a path, encoded bytes or raw pixels): the class of every pixel at the
   * image's own size (after EXIF orientation), the classes present and a PNG overlay, with timings.
   * @throws ImageDecodeError / ImageTooLargeError for bad images; ArgumentError for bad options;
   *   DisposedError after dispose().
   */
  async segment(image: ImageInput, options: SegmentOptions = {}): Promise<Segmentation> {
    this.assertLive();
    const { overlayOpacity } = checkSegmentOptions(options);
    const parts = this.#parts;
    const stopwatch = new Stopwatch();
    const pixels = await stopwatch.time('preprocess', () =>
      decodeImage(image, parts.maxPixels === undefined ? {} : { maxPixels: parts.maxPixels }),
    );
    this.assertLive();
    const result = await stopwatch.time('infer', () => inferImage(this.#queue, parts.input.inputName, pixels));
    return stopwatch.time('postprocess', async () => {
      const scores = outputData(result, parts.output, [Float32Array]);
      const [, height = 0, width = 0, classes = 0] = result[parts.output]?.shape ?? [];
      const mask = classMask({ scores, height, width, classes }, { width: pixels.width, height: pixels.height });
      const present = classPixelCounts(mask, classes)
        .map((count, index) => ({
          index,
          label: parts.labels[index] ?? `class ${index}`,
          color: pascalColour(index),
          fraction: count / mask.length,
        }))
        .filter((entry) => entry.fraction > 0)
        .sort((a, b) => b.fraction - a.fraction);
      const overlay = await encodeImage(colourOverlay(pixels, mask, { opacity: overlayOpacity }), { format: 'png' });
      return {
        width: pixels.width,
        height: pixels.height,
        mask,
        labels: [...parts.labels],
        classes: present,
        overlay,
        timings: stopwatch.timings(),
      };
    });
  }
}
