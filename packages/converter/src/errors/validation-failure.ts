/** One comparison of the converted IR with a reference that failed (see {@link ValidationError}). */
export interface ValidationFailure {
  /** The reference, e.g. `openvino-frontend`. */
  reference: string;
  /** The output that differed most. */
  output: string;
  maxAbsDiff: number;
  threshold: number;
}
