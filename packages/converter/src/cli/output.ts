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

/** An error's message with the library option it names replaced by its CLI flag (`'inputShape'` → `'--input-shape'`). */
export function withFlagNames(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const argument = (error as { argument?: unknown } | undefined)?.argument;
  if (typeof argument !== 'string' || !OPTION_FLAGS[argument]) return message;
  return message.replaceAll(`'${argument}'`, `'${OPTION_FLAGS[argument]}'`);
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
