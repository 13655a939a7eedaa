import type { TaskTimings } from '../base/task-timings.js';
import type { Rgb } from './colour-overlay.js';

/** One class present in a segmentation, for a legend. */
export interface SegmentedClass {
  index: number;
  label: string;
  /** The overlay colour (PASCAL VOC colour map). */
  color: Rgb;
  /** Fraction of the image's pixels of this class (0..1). */
  fraction: number;
}

/** The result of `ImageSegmenter.segment`. */
export interface Segmentation {
  /** The image's size (after EXIF orientation); the mask has one entry per pixel. */
  width: number;
  height: number;
  /** The class index of every pixel, row by row (`width * height` bytes). */
  mask: Uint8Array;
  /** The model's class names, by index (`class <i>` when it has none). */
  labels: string[];
  /** The classes present, largest first. */
  classes: SegmentedClass[];
  /** The image with the class colours blended over it, as PNG (background left as is). */
  overlay: Buffer;
  timings: TaskTimings;
}
