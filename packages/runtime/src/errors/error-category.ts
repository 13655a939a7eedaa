import { HubvinoError } from './hubvino-error.js';

/**
 * The family an error belongs to. CLIs map each category to one exit code ({@link exitCodeFor}), so
 * scripts can tell a typo from a network failure from a broken model.
 */
export type ErrorCategory =
  | 'usage'
  | 'source'
  | 'conversion'
  | 'validation'
  | 'artifact'
  | 'runtime'
  | 'toolchain'
  | 'internal';

/** Process exit codes by category, documented in every CLI's `--help`. */
export const exitCodes: Readonly<Record<ErrorCategory, number>> = Object.freeze({
  internal: 1,
  usage: 2,
  source: 3,
  conversion: 4,
  validation: 5,
  artifact: 6,
  runtime: 7,
  toolchain: 8,
});

/** The exit code a CLI should use for `error` (1 for anything that is not a hubvino error). */
export function exitCodeFor(error: unknown): number {
  return HubvinoError.isInstance(error) ? exitCodes[error.category] : exitCodes.internal;
}
