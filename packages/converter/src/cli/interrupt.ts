import { constants } from 'node:os';
import { InterruptedError } from '../errors/interrupted-error.js';

const handledSignals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Signal handling for a CLI run: see {@link interruptOnSignals}. */
export interface Interrupts {
  /** Aborted with an {@link InterruptedError} on the first signal. */
  signal: AbortSignal;
  /** Removes the handlers. */
  dispose(): void;
}

/** The exit code of a process stopped by `signal`: 128 + its number (130 for SIGINT, 143 for SIGTERM). */
export function signalExitCode(signal: NodeJS.Signals | 'abort'): number {
  return signal === 'abort' ? 130 : 128 + (constants.signals[signal] ?? 2);
}

/**
 * While a CLI command runs: the first SIGINT, SIGTERM or SIGHUP aborts `signal` (the conversion
 * kills ovc's process group and removes its staging folder and lock, then the CLI exits with
 * 128 + the signal's number); a second one exits at once. When the parent process that started us
 * with an IPC channel goes away (a wrapper such as `pnpm convert` killed with SIGKILL), that counts
 * as SIGTERM, so an abandoned conversion never carries on and publishes.
 */
export function interruptOnSignals(
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Interrupts {
  const controller = new AbortController();
  let firstAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    // Ctrl-C reaches both a wrapper (`pnpm convert`) and us, and the wrapper passes it on: a repeat
    // within a second is the same request.
    if (controller.signal.aborted && Date.now() - firstAt < 1000) return;
    if (controller.signal.aborted) {
      log(`hubvino-convert: ${signal} again; exiting without waiting for clean-up`);
      process.exit(signalExitCode(signal));
    }
    firstAt = Date.now();
    log(`hubvino-convert: ${signal} received; stopping ovc and removing the staging folder and lock`);
    controller.abort(InterruptedError.of(signal));
  };
  const onDisconnect = () => onSignal('SIGTERM');
  for (const signal of handledSignals) process.on(signal, onSignal);
  if (process.connected) {
    // The channel only reports the parent's end; it must not keep this process alive.
    process.channel?.unref();
    process.on('disconnect', onDisconnect);
  }
  return {
    signal: controller.signal,
    dispose() {
      for (const signal of handledSignals) process.off(signal, onSignal);
      process.off('disconnect', onDisconnect);
    },
  };
}
