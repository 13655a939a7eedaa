import { exitCodeFor, exitCodes, HubvinoError } from '@hubvino/runtime/errors';

/** The exit-code table printed in every `--help`. */
export const exitCodeHelp = `
Exit codes:
  0  success (also --if-changed when nothing changed)
  ${exitCodes.internal}  internal error (a bug: please report it)
  ${exitCodes.usage}  usage: bad arguments or options
  ${exitCodes.source}  source: handle/path not found, download failed, offline, bad archive
  ${exitCodes.conversion}  conversion: ovc failed, unsupported op, repository not writable, version exists
  ${exitCodes.validation}  validation: the IR does not match the source (task metrics, --max-abs-diff)
  ${exitCodes.artifact}  artifact: missing or corrupt published artifact
  ${exitCodes.runtime}  runtime: OpenVINO failed
  ${exitCodes.toolchain}  toolchain: OpenVINO/ovc not provisioned (run pnpm install)`;

/** Prints one JSON document on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

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

/** Reports `error` (one JSON document with --json, else one line on stderr) and returns the exit code. */
export function reportError(error: unknown, json: boolean): number {
  const code = HubvinoError.isInstance(error) ? error.code : 'ERR_INTERNAL';
  const message = withFlagNames(error);
  if (json)
    printJson({ error: { code, message, ...(HubvinoError.isInstance(error) ? { category: error.category } : {}) } });
  else process.stderr.write(`hubvino-convert: ${message}\n`);
  if (!HubvinoError.isInstance(error) && error instanceof Error && process.env.HUBVINO_DEBUG) {
    process.stderr.write(`${error.stack}\n`);
  }
  return exitCodeFor(error);
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
