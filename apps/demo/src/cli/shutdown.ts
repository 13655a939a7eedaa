import type { LogFunction } from './log.js';

/** Options of {@link onShutdownSignal}. */
export interface ShutdownOptions {
  /** Log lines go here. */
  log: LogFunction;
  /** Give up on a graceful stop after this many milliseconds and exit with 1 (default 10 s). */
  timeoutMs?: number;
  /** The signals to handle (default SIGINT and SIGTERM). */
  signals?: readonly NodeJS.Signals[];
}

/**
 * On the first SIGINT or SIGTERM, runs `stop` (close the server, dispose the models) once, then
 * exits with 0 (or 1 when `stop` failed or took longer than the time-out). Repeated signals while
 * stopping are ignored: a terminal's Ctrl+C reaches both `pnpm start`'s wrapper and the demo.
 * Returns a function that removes the handlers.
 */
export function onShutdownSignal(stop: () => Promise<void>, options: ShutdownOptions): () => void {
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    options.log(`${signal} received: closing the server and disposing the models`);
    const timer = setTimeout(() => {
      options.log(`still not stopped after ${options.timeoutMs ?? 10_000} ms; exiting anyway`);
      process.exit(1);
    }, options.timeoutMs ?? 10_000);
    timer.unref();
    stop().then(
      () => {
        options.log('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        options.log(`stopping failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  for (const signal of signals) process.on(signal, handler);
  return () => {
    for (const signal of signals) process.off(signal, handler);
  };
}
