import { ArgumentError } from '../../errors/argument-error.js';
import type { TaskLoadOptions } from '../base/task-artifact.js';
import type { TaskTimings } from '../base/task-timings.js';
import type { Classification } from '../image-classification/classification.js';

/** Options of `AudioClassifier.load`. */
export interface AudioClassifierLoadOptions extends TaskLoadOptions {
  /** Refuse clips longer than this, from the WAV header (default 600 s). */
  maxDurationSeconds?: number;
  /** InferRequests the windows of a clip share (default: twice OpenVINO's optimal number, as InferQueue). */
  requests?: number;
}

/** Options of `AudioClassifier.classify`. */
export interface AudioClassifyOptions {
  /** How many classes to return per window and for the clip, best first (default 5). */
  topK?: number;
}

/** The classes of one window of the clip. */
export interface AudioWindowClassification {
  /** Window start and end in seconds from the start of the clip (the last window may run past its end). */
  start: number;
  end: number;
  classes: Classification[];
}

/** What `AudioClassifier.classify` returns. */
export interface AudioClassification {
  /** The clip's best classes: each class's score averaged over the windows (YAMNet's own aggregate). */
  classes: Classification[];
  /** Every window's best classes, in time order. */
  windows: AudioWindowClassification[];
  /** Length of the clip in seconds, and its sample rate as given. */
  durationSeconds: number;
  sampleRate: number;
  /** `preprocess`: decoding, mixing to mono, resampling; `infer`: every window; `postprocess`: ranking. */
  timings: TaskTimings;
}

/**
 * Checks `maxDurationSeconds`.
 * @throws ArgumentError naming it.
 */
export function checkMaxDuration(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new ArgumentError(`'maxDurationSeconds' must be a positive number of seconds (got ${String(value)})`, {
      argument: 'maxDurationSeconds',
    });
  }
  return value;
}
