import { ToolchainError } from '@hubvino/runtime/errors';
import { locateOpenVino } from '@hubvino/runtime/toolchain';
import { runCommand } from '../process/run-command.js';

/** The arguments of a bare `ovc` conversion (after ovc's own command). */
export function ovcArguments(source: string, outputXml: string, compressToFp16: boolean): string[] {
  return [source, '--output_model', outputXml, `--compress_to_fp16=${compressToFp16 ? 'True' : 'False'}`];
}

/**
 * Converts `source` (SavedModel folder, .tflite, ...) with the toolchain's bare `ovc` into
 * `outputXml` (+ .bin beside it). Returns the wall time of the ovc process.
 * @throws ToolchainError `ERR_OVC_FAILED` with ovc's last lines.
 */
export async function runOvc(source: string, outputXml: string, compressToFp16: boolean): Promise<{ wallMs: number }> {
  const tool = locateOpenVino().ovc;
  if (!tool) throw new ToolchainError('ERR_OVC_NOT_FOUND', 'ovc is not in the OpenVINO toolchain. Run pnpm install.');
  const result = await runCommand(tool.command, [...tool.args, ...ovcArguments(source, outputXml, compressToFp16)]);
  if (result.exitCode !== 0) {
    const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-5).join('\n');
    throw new ToolchainError('ERR_OVC_FAILED', `ovc failed on ${source} (exit ${result.exitCode}): ${tail}`);
  }
  return { wallMs: result.wallMs };
}
