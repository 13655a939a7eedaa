import { HubvinoError, type HubvinoErrorOptions } from '@hubvino/runtime';

const marker = 'hubvino.error.LockLostError';
const symbol = Symbol.for(marker);

/** Options of {@link LockLostError}. */
export interface LockLostErrorOptions extends HubvinoErrorOptions {
  /** The lock file. */
  lockFile: string;
}

/**
 * Our lock was taken over by another process (it judged us stale: our heartbeat stopped for longer
 * than the stale limit, e.g. a suspended process). Raised before publishing, so two processes never
 * both think they own a name. Code `ERR_LOCK_LOST`, exit code class `conversion` (4).
 */
export class LockLostError extends HubvinoError {
  readonly lockFile: string;

  constructor(message: string, options: LockLostErrorOptions) {
    super(message, { ...options, code: 'ERR_LOCK_LOST', category: 'conversion' });
    this.name = 'LockLostError';
    this.lockFile = options.lockFile;
    Object.defineProperty(this, symbol, { value: true });
  }

  /** The error for `lockFile`, with the standard message. */
  static of(lockFile: string, options: HubvinoErrorOptions = {}): LockLostError {
    return new LockLostError(
      `${lockFile} was taken over by another process while this one held it (its heartbeat looked stale); nothing was published. Run the command again.`,
      { ...options, lockFile },
    );
  }

  /** True for a LockLostError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is LockLostError {
    return HubvinoError.hasMarker(value, marker);
  }

  protected override details(): Record<string, unknown> {
    return { lockFile: this.lockFile };
  }
}
