import type { ErrorCategory } from './error-category.js';

const marker = 'hubvino.error';
const symbol = Symbol.for(marker);

/** Options every hubvino error accepts (subclasses add their own fields). */
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

/** What {@link HubvinoError.toJSON} returns: the common fields, the subclass's own fields and the cause. */
export interface HubvinoErrorJson {
  name: string;
  code: string;
  category: ErrorCategory;
  message: string;
  nativeStatus?: number;
  nativeFunction?: string;
  nativeMessage?: string;
  /** The cause: a hubvino error's own JSON, `{ name, message, code? }` for other errors, else its text. */
  cause?: unknown;
  /** Fields of the subclass (`argument`, `file`, `url`, ...). */
  [field: string]: unknown;
}

/**
 * Base class of every error hubvino throws on purpose. `code` is stable (match on it, not on the
 * message); `category` selects the CLI exit code. Every subclass has its own marker, so
 * `ArgumentError.isInstance(error)` is true only for argument errors, even across two installed
 * copies of the package (where `instanceof` fails).
 *
 * Every class takes `(message, options)`: the message first, then an options object with the
 * subclass's fields (`{ argument: 'topK' }`, `{ file }`), `cause` and the native details.
 */
export class HubvinoError extends Error {
  /** Stable, machine-readable code such as `ERR_ARTIFACT_CORRUPT`. */
  readonly code: string;
  /** The error family; see `exitCodes`. */
  readonly category: ErrorCategory;
  /** OpenVINO status code for native failures. */
  readonly nativeStatus: number | undefined;
  /** The failing OpenVINO C function for native failures. */
  readonly nativeFunction: string | undefined;
  /** OpenVINO's own message for native failures. */
  readonly nativeMessage: string | undefined;

  constructor(message: string, options: HubvinoErrorOptions & { code: string; category: ErrorCategory }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HubvinoError';
    this.code = options.code;
    this.category = options.category;
    this.nativeStatus = options.nativeStatus;
    this.nativeFunction = options.nativeFunction;
    this.nativeMessage = options.nativeMessage;
    Object.defineProperty(this, symbol, { value: true });
  }

  /** True for any hubvino error, even one thrown by another installed copy of the package. */
  static isInstance(value: unknown): value is HubvinoError {
    return HubvinoError.hasMarker(value, marker);
  }

  /** True when `value` carries the marker `Symbol.for(markerName)` (what each subclass's `isInstance` asks). */
  protected static hasMarker(value: unknown, markerName: string): boolean {
    return (
      typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[Symbol.for(markerName)] === true
    );
  }

  /**
   * A plain object for `--json` output and logs: name, code, category, message, the native status,
   * function and message when set, the subclass's fields and the cause.
   */
  toJSON(): HubvinoErrorJson {
    return {
      name: this.name,
      code: this.code,
      category: this.category,
      message: this.message,
      ...(this.nativeStatus === undefined ? {} : { nativeStatus: this.nativeStatus }),
      ...(this.nativeFunction === undefined ? {} : { nativeFunction: this.nativeFunction }),
      ...(this.nativeMessage === undefined ? {} : { nativeMessage: this.nativeMessage }),
      ...this.details(),
      ...(this.cause === undefined ? {} : { cause: causeJson(this.cause, 0) }),
    };
  }

  /** The subclass's own fields for {@link toJSON}; undefined values are left out. */
  protected details(): Record<string, unknown> {
    return {};
  }
}

/** A cause as JSON: nested hubvino errors keep their fields; a chain deeper than 8 is cut. */
function causeJson(cause: unknown, depth: number): unknown {
  if (HubvinoError.isInstance(cause)) return depth < 8 ? cause.toJSON() : { code: cause.code, message: cause.message };
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return {
      name: cause.name,
      message: cause.message,
      ...(typeof code === 'string' ? { code } : {}),
      ...(cause.cause === undefined || depth >= 8 ? {} : { cause: causeJson(cause.cause, depth + 1) }),
    };
  }
  return String(cause);
}

/** Drops undefined values, for {@link HubvinoError.details}. */
export function definedFields(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
