import { HubvinoError } from '@hubvino/runtime';
import { runCommand } from '../process/run-command.js';
import { lastJsonLine } from '../python-reference/run-python-script.js';

/** One `pnpm convert` run: its wall time and the converter's own phase timings. */
export interface PnpmConvertRun {
  wallMs: number;
  /** `timings` of the converter's JSON result (resolve, convert, validate, total), when present. */
  timings: Record<string, number> | undefined;
}

/**
 * Runs `pnpm convert <source> --name <name> --repository <repository> --json --quiet` from the
 * workspace root, as a user would, and measures its wall time (pnpm, the turbo build check, Node
 * start-up, resolve, ovc, validation, publishing).
 * @throws HubvinoError `ERR_BENCH_CONVERT_FAILED` with the JSON error or the last lines of stderr.
 */
export async function runPnpmConvert(options: {
  workspaceRoot: string;
  source: string;
  name: string;
  repository: string;
  fp16: boolean;
  /** `--labels`: a 1001-class classifier without it would fetch TF's ImageNetLabels.txt. */
  labels?: string;
  /** The environment of `pnpm convert` (default this process's). */
  environment?: NodeJS.ProcessEnv;
}): Promise<PnpmConvertRun> {
  const args = [
    'convert',
    options.source,
    '--name',
    options.name,
    '--repository',
    options.repository,
    '--json',
    '--quiet',
  ];
  if (!options.fp16) args.push('--no-fp16');
  if (options.labels) args.push('--labels', options.labels);
  const result = await runCommand('pnpm', args, {
    cwd: options.workspaceRoot,
    ...(options.environment ? { environment: options.environment } : {}),
  });
  let document: unknown;
  try {
    document = lastJsonLine(result.stdout);
  } catch {
    document = undefined;
  }
  if (result.exitCode !== 0) {
    const error = (document as { error?: { message?: string } } | undefined)?.error?.message;
    throw new HubvinoError(
      `pnpm ${args.join(' ')} exited with ${result.exitCode}: ${error ?? result.stderr.trim().split('\n').slice(-4).join('\n')}`,
      { code: 'ERR_BENCH_CONVERT_FAILED', category: 'conversion' },
    );
  }
  const timings = (document as { timings?: Record<string, number> } | undefined)?.timings;
  return { wallMs: result.wallMs, timings };
}
