import {
  type Detection,
  type DetectOptions,
  type ImageInput,
  ObjectDetector,
  type TaskTimings,
} from '@hubvino/runtime';
import type { LogFunction } from '../cli/log.js';
import { DETECTION_MODEL } from '../model/ensure-vision-models.js';
import { createVisionTask } from './vision-service.js';

/** What the detection route and command return for one image. */
export interface DetectionResult {
  detections: Detection[];
  /** The image's size (after EXIF orientation), the frame of the boxes. */
  width: number;
  height: number;
  model: { name: string; version: number };
  device: string;
  /** Milliseconds, from ObjectDetector.detect: preprocess (decode), infer, postprocess, total. */
  timings: TaskTimings;
}

/** Object detection as the demo's server and CLI use it. */
export interface DetectionService {
  detect(image: ImageInput, options?: DetectOptions): Promise<DetectionResult>;
  dispose(): Promise<void>;
}

/** A {@link DetectionService} over `@hubvino/runtime`'s ObjectDetector (COCO SSD from ../shared). */
export function createDetectionService(options: {
  repository: string;
  device: string;
  log: LogFunction;
}): DetectionService {
  const loaded = createVisionTask({
    repository: options.repository,
    model: DETECTION_MODEL,
    log: options.log,
    what: 'DetectionService',
    load: (repository, name, version) => ObjectDetector.load(repository, name, { version, device: options.device }),
  });
  return {
    async detect(image, detectOptions = {}) {
      const { task, model } = await loaded.get();
      const result = await task.detect(image, detectOptions);
      return { ...result, model, device: options.device };
    },
    dispose: () => loaded.dispose(),
  };
}
