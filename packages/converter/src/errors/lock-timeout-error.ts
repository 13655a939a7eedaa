import { HubvinoError, type HubvinoErrorOptions } from '@hubvino/runtime/errors';

const brand = Symbol.for('hubvino.LockTimeoutError');

/**
 * Waiting for a lock (`<repository>/.<name>.lock`, or a TF Hub cache folder's `.lock`) took longer
 * than allowed while its holder kept showing signs of life. Names the lock file and its holder.
 * Exit code class `conversion` (4).
 */
export class LockTimeoutError extends HubvinoError {
  /** The lock file. */
  readonly lockFile: string;
  /** What the lock file said when we gave up (`<host>.<pid>.<uid>`, or '' for an empty file). */
  readonly holder: string;
  /** How long we waited, in milliseconds. */
  readonly waitedMs: number;

  constructor(lockFile: string, holder: string, waitedMs: number, options: HubvinoErrorOptions = {}) {
    super(
      'ERR_LOCK_TIMEOUT',
      'conversion',
      `Gave up after ${Math.round(waitedMs / 1000)} s waiting for ${lockFile}, held by ${holder === '' ? 'an unknown process (the file is empty)' : holder} that is still active. Wait for it to finish and try again; if nothing is running, delete ${lockFile}.`,
      options,
    );
    this.name = 'LockTimeoutError';
    this.lockFile = lockFile;
    this.holder = holder;
    this.waitedMs = waitedMs;
    Object.defineProperty(this, brand, { value: true });
  }

  /** True for a LockTimeoutError, even one thrown by another installed copy of the package. */
  static override isInstance(value: unknown): value is LockTimeoutError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}
