import { HubvinoError, type HubvinoErrorOptions } from '@hubvino/runtime';
import type { ValidationFailure } from './validation-failure.js';

export type { ValidationFailure } from './validation-failure.js';

const marker = 'hubvino.error.ValidationError';
const symbol = Symbol.for(marker);

/** Options of {@link ValidationError}. */
export interface ValidationErrorOptions extends HubvinoErrorOptions {
  /** `ERR_VALIDATION` (default) or a narrower code. */
  code?: string;
  /** The comparisons that failed. */
  failures?: ValidationFailure[];
}

/**
 * The converted IR does not agree with the source model closely enough (a task metric over its
 * limit, or max abs diff over `--max-abs-diff`), or could not be run at all. Exit code class `validation` (5).
 * Nothing is published.
 */
export class ValidationError extends HubvinoError {
  /** The comparisons that failed. */
  readonly failures: ValidationFailure[];

  constructor(message: string, options: ValidationErrorOptions = {}) {
    super(message, { ...options, code: options.code ?? 'ERR_VALIDATION', category: 'validation' });
    this.name = 'ValidationError';
    this.failures = options.failures ?? [];
    Object.defineProperty(this, symbol, { value: true });
  }

  /** True for a ValidationError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is ValidationError {
    return HubvinoError.hasMarker(value, marker);
  }

  protected override details(): Record<string, unknown> {
    return { failures: this.failures.map((failure) => ({ ...failure })) };
  }
}
