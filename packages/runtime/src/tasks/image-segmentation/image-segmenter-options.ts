import { ArgumentError } from '../../errors/argument-error.js';
import type { TaskLoadOptions } from '../base/task-artifact.js';
import { checkOptionsObject, type TaskRunOptions } from '../base/task-options.js';

/** Options of `ImageSegmenter.load`. */
export interface ImageSegmenterLoadOptions extends TaskLoadOptions, TaskRunOptions {}

/** Options of `ImageSegmenter.segment`. */
export interface SegmentOptions {
  /** Opacity of the class colours in the overlay, 0..1 (default {@link DEFAULT_OVERLAY_OPACITY}). */
  overlayOpacity?: number;
}

/** Default opacity of the class colours in the overlay. */
export const DEFAULT_OVERLAY_OPACITY = 0.6;

/** Checks {@link SegmentOptions}; returns the opacity to use. */
export function checkSegmentOptions(options: unknown): { overlayOpacity: number } {
  checkOptionsObject(options, '{ overlayOpacity: 0.5 }');
  const { overlayOpacity = DEFAULT_OVERLAY_OPACITY } = options as SegmentOptions;
  if (typeof overlayOpacity !== 'number' || !(overlayOpacity >= 0 && overlayOpacity <= 1)) {
    throw new ArgumentError(`'overlayOpacity' must be a number from 0 to 1 (got ${String(overlayOpacity)})`, {
      argument: 'overlayOpacity',
    });
  }
  return { overlayOpacity };
}
