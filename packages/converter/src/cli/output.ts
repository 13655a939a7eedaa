import { ArgumentError } from '@hubvino/runtime';
import { exitCodeHelp as generatedExitCodeHelp } from '@hubvino/runtime/cli';

/** The exit-code table printed in every `--help` (generated from the runtime's one table). */
export const exitCodeHelp = generatedExitCodeHelp({ success: 'success (also --if-changed when nothing changed)' });

/** Library option names and the CLI flags that set them (errors name options; the CLI shows flags). */
export const OPTION_FLAGS: Readonly<Record<string, string>> = Object.freeze({
  inputShape: '--input-shape',
  labels: '--labels',
  maxAbsDiff: '--max-abs-diff',
  metricLimits: '--metric-limit',
  lowPrecision: '--low-precision',
  inferencePrecision: '--inference-precision',
  version: '--version',
  task: '--task',
  name: '--name',
  repository: '--repository',
});

/**
 * Runs a library call for the CLI: an ArgumentError naming an option (`'inputShape'`) is thrown
 * again naming its flag (`'--input-shape'`), so the user reads what to type.
 */
export async function withFlagNames<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!ArgumentError.isInstance(error) || !OPTION_FLAGS[error.argument]) throw error;
    const flag = OPTION_FLAGS[error.argument] as string;
    throw new ArgumentError(error.message.replaceAll(`'${error.argument}'`, `'${flag}'`), {
      argument: flag,
      cause: error,
    });
  }
}

/** Bytes as `12.3 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
