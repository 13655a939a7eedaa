import { HubvinoError, type HubvinoErrorOptions } from '@hubvino/runtime';

const marker = 'hubvino.error.LockTimeoutError';
const symbol = Symbol.for(marker);

/** Options of {@link LockTimeoutError}. */
export interface LockTimeoutErrorOptions extends HubvinoErrorOptions {
  /** The lock file. */
  lockFile: string;
  /** What the lock file said when we gave up (`<host>.<pid>.<uid>`, or '' for an empty file). */
  holder: string;
  /** How long we waited, in milliseconds. */
  waitedMs: number;
}

/**
 * Waiting for a lock (`<repository>/.<name>.lock`, or a TF Hub cache folder's `.lock`) took longer
 * than allowed while its holder kept showing signs of life. Names the lock file and its holder.
 * Code `ERR_LOCK_TIMEOUT`, exit code class `conversion` (4); {@link LockTimeoutError.of} builds the message.
 */
export class LockTimeoutError extends HubvinoError {
  readonly lockFile: string;
  readonly holder: string;
  readonly waitedMs: number;

  constructor(message: string, options: LockTimeoutErrorOptions) {
    super(message, { ...options, code: 'ERR_LOCK_TIMEOUT', category: 'conversion' });
    this.name = 'LockTimeoutError';
    this.lockFile = options.lockFile;
    this.holder = options.holder;
    this.waitedMs = options.waitedMs;
    Object.defineProperty(this, symbol, { value: true });
  }

  /** The error with the standard message. */
  static of(options: LockTimeoutErrorOptions): LockTimeoutError {
    const { lockFile, holder, waitedMs } = options;
    return new LockTimeoutError(
      `Gave up after ${Math.round(waitedMs / 1000)} s waiting for ${lockFile}, held by ${holder === '' ? 'an unknown process (the file is empty)' : holder} that is still active. Wait for it to finish and try again; if nothing is running, delete ${lockFile}.`,
      options,
    );
  }

  /** True for a LockTimeoutError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is LockTimeoutError {
    return HubvinoError.hasMarker(value, marker);
  }

  protected override details(): Record<string, unknown> {
    return { lockFile: this.lockFile, holder: this.holder, waitedMs: this.waitedMs };
  }
}
