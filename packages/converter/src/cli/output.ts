import { exitCodeFor, exitCodes, HubvinoError } from '@hubvino/runtime/errors';
import { provisionCommand } from '@hubvino/runtime/toolchain';

/** The exit-code table printed in every `--help`. */
export const exitCodeHelp = `
Exit codes:
  0  success (also --if-changed when nothing changed)
  ${exitCodes.internal}  internal error (a bug: please report it)
  ${exitCodes.usage}  usage: bad arguments or options
  ${exitCodes.source}  source: handle/path not found, download failed, offline, bad archive
  ${exitCodes.conversion}  conversion: ovc failed, unsupported op, repository not writable, version exists
  ${exitCodes.validation}  validation: the IR differs from the source above --max-abs-diff
  ${exitCodes.artifact}  artifact: missing or corrupt published artifact
  ${exitCodes.runtime}  runtime: OpenVINO failed
  ${exitCodes.toolchain}  toolchain: OpenVINO/ovc not provisioned (run '${provisionCommand()}')`;

/** Prints one JSON document on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Reports `error` (one JSON document with --json, else one line on stderr) and returns the exit code. */
export function reportError(error: unknown, json: boolean): number {
  const code = HubvinoError.isInstance(error) ? error.code : 'ERR_INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
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
