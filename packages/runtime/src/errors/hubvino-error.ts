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

const brand = Symbol.for('hubvino.error');

/** Options every hubvino error accepts. */
export interface HubvinoErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown;
  /** For native failures: the OpenVINO status code (`ov_status_e`). */
  nativeStatus?: number;
  /** For native failures: the C function that failed, e.g. `ov_core_read_model`. */
  nativeFunction?: string;
  /** For native failures: the text of `ov_get_last_err_msg` read right after the call. */
  nativeMessage?: string;
}

/**
 * Base class of every error hubvino throws on purpose. `code` is stable (match on it, not on the
 * message); `category` selects the CLI exit code.
 */
export class HubvinoError extends Error {
  /** Stable, machine-readable code such as `ERR_ARTIFACT_CORRUPT`. */
  readonly code: string;
  /** The error family; see {@link exitCodes}. */
  readonly category: ErrorCategory;
  /** OpenVINO status code for native failures. */
  readonly nativeStatus: number | undefined;
  /** The failing OpenVINO C function for native failures. */
  readonly nativeFunction: string | undefined;
  /** OpenVINO's own message for native failures. */
  readonly nativeMessage: string | undefined;

  constructor(code: string, category: ErrorCategory, message: string, options: HubvinoErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HubvinoError';
    this.code = code;
    this.category = category;
    this.nativeStatus = options.nativeStatus;
    this.nativeFunction = options.nativeFunction;
    this.nativeMessage = options.nativeMessage;
    Object.defineProperty(this, brand, { value: true });
  }

  /** True for any hubvino error, even one thrown by another installed copy of the package. */
  static isInstance(value: unknown): value is HubvinoError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }

  /** A plain object for `--json` output and logs. */
  toJSON(): { code: string; category: ErrorCategory; message: string; nativeStatus?: number; nativeFunction?: string } {
    return {
      code: this.code,
      category: this.category,
      message: this.message,
      ...(this.nativeStatus === undefined ? {} : { nativeStatus: this.nativeStatus }),
      ...(this.nativeFunction === undefined ? {} : { nativeFunction: this.nativeFunction }),
    };
  }
}

/** The exit code a CLI should use for `error` (1 for anything that is not a hubvino error). */
export function exitCodeFor(error: unknown): number {
  return HubvinoError.isInstance(error) ? exitCodes[error.category] : exitCodes.internal;
}
