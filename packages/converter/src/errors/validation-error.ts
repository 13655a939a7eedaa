import { HubvinoError, type HubvinoErrorOptions } from '@hubvino/runtime/errors';

/** One comparison of the converted IR with a reference. */
export interface ValidationFailure {
  /** The reference, e.g. `openvino-frontend`. */
  reference: string;
  /** The output that differed most. */
  output: string;
  maxAbsDiff: number;
  /** The raw `maxAbsDiff` limit, NaN when none was set (task metrics decided). */
  threshold: number;
  /** The metric limits that failed, one sentence each. */
  metrics?: string[];
}

/**
 * The converted IR does not agree with the source model closely enough (a task metric over its
 * limit, or max abs diff over `--max-abs-diff`), or could not be run at all. Exit code class `validation` (5).
 * Nothing is published.
 */
export class ValidationError extends HubvinoError {
  /** The comparisons that failed. */
  readonly failures: ValidationFailure[];

  constructor(message: string, options: HubvinoErrorOptions & { code?: string; failures?: ValidationFailure[] } = {}) {
    super(options.code ?? 'ERR_VALIDATION', 'validation', message, options);
    this.name = 'ValidationError';
    this.failures = options.failures ?? [];
  }
}
