import { HubvinoError, type HubvinoErrorOptions } from '@hubvino/runtime/errors';

const brand = Symbol.for('hubvino.LockLostError');

/**
 * Our lock was taken over by another process (it judged us stale: our heartbeat stopped for longer
 * than the stale limit, e.g. a suspended process). Raised before publishing, so two processes never
 * both think they own a name. Exit code class `conversion` (4).
 */
export class LockLostError extends HubvinoError {
  /** The lock file. */
  readonly lockFile: string;

  constructor(lockFile: string, options: HubvinoErrorOptions = {}) {
    super(
      'ERR_LOCK_LOST',
      'conversion',
      `${lockFile} was taken over by another process while this one held it (its heartbeat looked stale); nothing was published. Run the command again.`,
      options,
    );
    this.name = 'LockLostError';
    this.lockFile = lockFile;
    Object.defineProperty(this, brand, { value: true });
  }

  /** True for a LockLostError, even one thrown by another installed copy of the package. */
  static override isInstance(value: unknown): value is LockLostError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}
