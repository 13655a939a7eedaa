import type { TaskLoadOptions } from '../base/task-artifact.js';
import type { TaskRunOptions } from '../base/task-options.js';
import type { TaskTimings } from '../base/task-timings.js';
import type { Keypoint } from './keypoints.js';

/** Options of `PoseEstimator.load`. */
export interface PoseEstimatorLoadOptions extends TaskLoadOptions, TaskRunOptions {}

/** One person's pose in the image as given. */
export interface Pose {
  /** The 17 COCO keypoints in MoveNet's order, in the original image's pixels. */
  keypoints: Keypoint[];
  /** Mean keypoint score: low (under ~0.3) when there is no person in the image. */
  score: number;
  /** Pairs of indices into `keypoints` to join when drawing the skeleton (`COCO_SKELETON`). */
  skeleton: readonly (readonly [number, number])[];
  /** The image's size in pixels (after EXIF orientation); keypoints are in these pixels. */
  width: number;
  height: number;
  /** `preprocess`: decoding and padding; `infer`; `postprocess`: mapping keypoints back. */
  timings: TaskTimings;
}
