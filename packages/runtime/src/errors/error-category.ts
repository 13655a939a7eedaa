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

/**
 * What each exit code means, printed by every CLI's `--help` (see `exitCodeHelp` in
 * `@hubvino/runtime/cli`). Each text starts with its category's name.
 */
export const exitCodeDescriptions: Readonly<Record<ErrorCategory, string>> = Object.freeze({
  internal: 'internal error (a bug: please report it)',
  usage: 'usage: bad arguments or options',
  source: 'source: handle/path not found, download failed, offline, bad archive',
  conversion: 'conversion: ovc failed, unsupported op, repository not writable, version exists',
  validation: 'validation: the IR differs from its source framework above the allowed difference',
  artifact: 'artifact: model artifact missing or corrupt',
  runtime: 'runtime: OpenVINO reported a failure (the C API returned an error)',
  toolchain: 'toolchain missing: OpenVINO/ovc not provisioned',
});

/** The exit code a CLI should use for `error` (1 for anything that is not a hubvino error). */
export function exitCodeFor(error: unknown): number {
  return HubvinoError.isInstance(error) ? exitCodes[error.category] : exitCodes.internal;
}
