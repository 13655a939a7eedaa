import type { TaskLoadOptions } from '../base/task-artifact.js';
import type { TaskRunOptions } from '../base/task-options.js';
import type { TaskTimings } from '../base/task-timings.js';
import type { Detection } from './detection.js';

/** Options of `ObjectDetector.load`. */
export interface ObjectDetectorLoadOptions extends TaskLoadOptions, TaskRunOptions {}

/** What `ObjectDetector.detect` returns. */
export interface ObjectDetection {
  /** Best first; boxes in the original image's pixels. */
  detections: Detection[];
  /** The image's size (after EXIF orientation), the frame of the boxes. */
  width: number;
  height: number;
  timings: TaskTimings;
}
