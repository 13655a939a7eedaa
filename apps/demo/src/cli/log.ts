/** Writes one line of progress or diagnostics to stderr (stdout is kept for results). */
export function logLine(message: string): void {
  process.stderr.write(`demo: ${message}\n`);
}

/** Something that takes log lines; the CLI passes {@link logLine}, tests collect lines. */
export type LogFunction = (message: string) => void;
