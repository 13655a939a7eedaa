/** One comparison of the converted IR with a reference that failed (see {@link ValidationError}). */
export interface ValidationFailure {
  /** The reference, e.g. `openvino-frontend`. */
  reference: string;
  /** The output that differed most. */
  output: string;
  maxAbsDiff: number;
  /** The raw `maxAbsDiff` limit, NaN when none was set (the task metrics decided). */
  threshold: number;
  /** The metric limits that failed, one sentence each. */
  metrics?: string[];
}
