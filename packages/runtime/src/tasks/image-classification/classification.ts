import type { TaskTimings } from '../base/task-timings.js';

/** One class of a classification result. */
export interface Classification {
  /** The class name from the labels (`class <index>` when the model has no labels). */
  label: string;
  /** The class's score after postprocessing (a probability for softmax/quantized-softmax models). */
  score: number;
  /** The model's output index (TF Hub's 1001-class convention: 0 is "background", 653 "military uniform"). */
  index: number;
}

/**
 * The result of classifying one image: the `topK` best classes, best first, and where the time went
 * (`preprocess`: reading and decoding the image; `infer`: the inference, including the wait for a
 * free request; `postprocess`: scores and labels).
 */
export interface ImageClassification {
  classes: Classification[];
  timings: TaskTimings;
}
