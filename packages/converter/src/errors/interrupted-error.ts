import { HubvinoError, type HubvinoErrorOptions } from '@hubvino/runtime/errors';

const brand = Symbol.for('hubvino.InterruptedError');

/**
 * The conversion was stopped on request (SIGINT, SIGTERM, SIGHUP, or an AbortSignal): ovc and its
 * children were killed, the staging folder and the lock removed, nothing published. The CLI exits
 * with 128 + the signal's number (130 for SIGINT, 143 for SIGTERM).
 */
export class InterruptedError extends HubvinoError {
  /** The signal that stopped it, or `abort` for an AbortSignal. */
  readonly signal: NodeJS.Signals | 'abort';

  constructor(signal: NodeJS.Signals | 'abort', options: HubvinoErrorOptions = {}) {
    super(
      'ERR_INTERRUPTED',
      'conversion',
      `Interrupted${signal === 'abort' ? '' : ` by ${signal}`}: the conversion was stopped and cleaned up (ovc killed, staging folder and lock removed); nothing was published.`,
      options,
    );
    this.name = 'InterruptedError';
    this.signal = signal;
    Object.defineProperty(this, brand, { value: true });
  }

  /** True for an InterruptedError, even one thrown by another installed copy of the package. */
  static override isInstance(value: unknown): value is InterruptedError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}

/** Throws the signal's reason (an {@link InterruptedError}) when `signal` was aborted. */
export function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  throw InterruptedError.isInstance(signal.reason)
    ? signal.reason
    : new InterruptedError('abort', { cause: signal.reason });
}
