/** One class of a classification result. */
export interface Classification {
  /** The class name from the labels (`class <index>` when the model has no labels). */
  label: string;
  /** The class's score after postprocessing (a probability for softmax/quantized-softmax models). */
  score: number;
  /** The model's output index (TF Hub's 1001-class convention: 0 is "background", 653 "military uniform"). */
  index: number;
}
