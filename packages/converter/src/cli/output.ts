import { exitCodeHelp as generatedExitCodeHelp } from '@hubvino/runtime/cli';

/** The exit-code table printed in every `--help` (generated from the runtime's one table). */
export const exitCodeHelp = generatedExitCodeHelp({ success: 'success (also --if-changed when nothing changed)' });

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
