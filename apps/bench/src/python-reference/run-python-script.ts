import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ToolchainError } from '@hubvino/runtime';
import { runCommand } from '../process/run-command.js';

/** apps/bench/python: the reference scripts (ours). */
export const pythonScriptsDirectory = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'python');

/**
 * The JSON document a tool printed: the whole of stdout when it is one (possibly pretty-printed)
 * document, else the last line that parses as a JSON object (libraries may print before it).
 * @throws SyntaxError when there is none.
 */
export function lastJsonLine(stdout: string): unknown {
  try {
    return JSON.parse(stdout);
  } catch {
    // not one document: look for the last JSON line
  }
  const lines = stdout.trim().split('\n').reverse();
  for (const line of lines) {
    const text = line.trim();
    if (!text.startsWith('{')) continue;
    try {
      return JSON.parse(text);
    } catch {
      // a log line that starts with a brace; keep looking
    }
  }
  throw new SyntaxError('the script printed no JSON document');
}

/**
 * Runs `apps/bench/python/<script>` with `python` and returns the JSON document it printed.
 * @throws ToolchainError `ERR_REFERENCE_FAILED` with the script's last lines of stderr.
 */
export async function runPythonScript(python: string, script: string, args: string[]): Promise<unknown> {
  const result = await runCommand(python, [join(pythonScriptsDirectory, script), ...args], {
    environment: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', PYTHONUNBUFFERED: '1' },
  });
  if (result.exitCode !== 0) {
    const tail = result.stderr.trim().split('\n').slice(-6).join('\n');
    throw new ToolchainError(`${script} exited with ${result.exitCode}: ${tail}`, { code: 'ERR_REFERENCE_FAILED' });
  }
  try {
    return lastJsonLine(result.stdout);
  } catch (error) {
    throw new ToolchainError(`${script} printed no JSON result`, { code: 'ERR_REFERENCE_FAILED', cause: error });
  }
}
