import { type ErrorCategory, exitCodeDescriptions, exitCodes } from '../errors/error-category.js';
import { provisionCommand } from '../toolchain/toolchain-paths.js';

/** Which exit codes a command line documents, and any text of its own for them. */
export interface ExitCodeHelpOptions {
  /** The categories the command can end with (default: all), listed by exit code. */
  categories?: readonly ErrorCategory[];
  /** What exit code 0 means (default `success`). */
  success?: string;
  /** A command's own text for a category, e.g. the bench's "some measurement failed" for `internal`. */
  descriptions?: Partial<Record<ErrorCategory, string>>;
}

/** The table's text; for `toolchain` with the command that provisions it where this package is installed. */
function defaultDescription(category: ErrorCategory): string {
  const text = exitCodeDescriptions[category];
  return category === 'toolchain' ? `${text} (run '${provisionCommand()}')` : text;
}

/**
 * The `Exit codes:` section of a `--help`, generated from the one table in
 * `errors/error-category.ts` ({@link exitCodes}, {@link exitCodeDescriptions}).
 */
export function exitCodeHelp(options: ExitCodeHelpOptions = {}): string {
  const categories = options.categories ?? (Object.keys(exitCodes) as ErrorCategory[]);
  const rows = [...new Set(categories)]
    .sort((a, b) => exitCodes[a] - exitCodes[b])
    .map((category) => `  ${exitCodes[category]}  ${options.descriptions?.[category] ?? defaultDescription(category)}`);
  return `\nExit codes:\n  0  ${options.success ?? 'success'}\n${rows.join('\n')}`;
}
