import { ToolchainError } from '@hubvino/runtime';
import { locateOpenVino } from '@hubvino/runtime/toolchain';
import { runCommand } from '../process/run-command.js';

/**
 * Makes the converter's portable ovc arguments (`<source>`, `<output>/model.xml`, as recorded in
 * the manifest) concrete for a bare ovc run.
 */
export function concreteOvcArguments(portable: readonly string[], source: string, outputDirectory: string): string[] {
  return portable.map((argument) => argument.replaceAll('<source>', source).replaceAll('<output>', outputDirectory));
}

/**
 * Runs the toolchain's bare `ovc` with `args` (its own arguments). Returns the wall time of the process.
 * @throws ToolchainError `ERR_OVC_FAILED` with ovc's last lines.
 */
export async function runOvc(args: readonly string[], environment?: NodeJS.ProcessEnv): Promise<{ wallMs: number }> {
  const tool = locateOpenVino().ovc;
  if (!tool)
    throw new ToolchainError('ovc is not in the OpenVINO toolchain. Run pnpm install.', { code: 'ERR_OVC_NOT_FOUND' });
  const result = await runCommand(tool.command, [...tool.args, ...args], environment ? { environment } : {});
  if (result.exitCode !== 0) {
    const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-5).join('\n');
    throw new ToolchainError(`ovc ${args.join(' ')} failed (exit ${result.exitCode}): ${tail}`, {
      code: 'ERR_OVC_FAILED',
    });
  }
  return { wallMs: result.wallMs };
}
