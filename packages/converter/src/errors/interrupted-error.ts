import { HubvinoError, type HubvinoErrorOptions } from '@hubvino/runtime';

const marker = 'hubvino.error.InterruptedError';
const symbol = Symbol.for(marker);

/** Options of {@link InterruptedError}. */
export interface InterruptedErrorOptions extends HubvinoErrorOptions {
  /** The signal that stopped it, or `abort` for an AbortSignal. */
  signal: NodeJS.Signals | 'abort';
}

/**
 * The conversion was stopped on request (SIGINT, SIGTERM, SIGHUP, or an AbortSignal): ovc and its
 * children were killed, the staging folder and the lock removed, nothing published. Code
 * `ERR_INTERRUPTED`, category `conversion`; the CLI exits with 128 + the signal's number (130 for
 * SIGINT, 143 for SIGTERM).
 */
export class InterruptedError extends HubvinoError {
  readonly signal: NodeJS.Signals | 'abort';

  constructor(message: string, options: InterruptedErrorOptions) {
    super(message, { ...options, code: 'ERR_INTERRUPTED', category: 'conversion' });
    this.name = 'InterruptedError';
    this.signal = options.signal;
    Object.defineProperty(this, symbol, { value: true });
  }

  /** The error for `signal`, with the standard message. */
  static of(signal: NodeJS.Signals | 'abort', options: HubvinoErrorOptions = {}): InterruptedError {
    return new InterruptedError(
      `Interrupted${signal === 'abort' ? '' : ` by ${signal}`}: the conversion was stopped and cleaned up (ovc killed, staging folder and lock removed); nothing was published.`,
      { ...options, signal },
    );
  }

  /** True for an InterruptedError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is InterruptedError {
    return HubvinoError.hasMarker(value, marker);
  }

  protected override details(): Record<string, unknown> {
    return { signal: this.signal };
  }
}

/** Throws the signal's reason (an {@link InterruptedError}) when `signal` was aborted. */
export function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  throw InterruptedError.isInstance(signal.reason)
    ? signal.reason
    : InterruptedError.of('abort', { cause: signal.reason });
}
