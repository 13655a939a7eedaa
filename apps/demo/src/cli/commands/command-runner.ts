import type { LogFunction } from '../log.js';

/**
 * Runs a command body the demo's way: the result on stdout (one JSON document with `--json`, else
 * its text), logs on stderr; errors propagate to `runCommandLine` (the JSON error document under
 * `--json`, the exit code of their class). `program.ts` supplies it to commands in their own files.
 */
export type CommandRunner = (
  json: boolean,
  body: (log: LogFunction) => Promise<{ json: unknown; text: string }>,
) => Promise<void>;
