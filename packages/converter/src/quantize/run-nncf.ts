import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ToolchainError } from '@hubvino/runtime';
import {
  locateQuantizeToolchain,
  provisionScriptPath,
  type QuantizeToolchain,
  quantizeProvisionCommand,
  toolchainPins,
} from '@hubvino/runtime/toolchain';
import { ConversionError } from '../errors/conversion-error.js';
import { runCaptured } from '../process/run-captured.js';

/** The Python side (shipped in the package's `python/` folder). */
export const NNCF_SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'python', 'nncf_quantize.py');

/**
 * The quantize toolchain (OpenVINO + the pinned `nncf` wheel), provisioned on first use: `log` gets
 * one line before pip runs. Failures are ToolchainErrors naming the command that installs it.
 */
export async function ensureQuantizeToolchain(log: (message: string) => void): Promise<QuantizeToolchain> {
  try {
    return locateQuantizeToolchain();
  } catch (error) {
    if (!ToolchainError.isInstance(error)) throw error;
  }
  const nncf = toolchainPins().quantize.nncf;
  log(`installing the quantize toolchain (OpenVINO + nncf ${nncf}) on first use; this takes about a minute`);
  const result = await runCaptured(process.execPath, [provisionScriptPath(), '--quantize', '--json'], {
    timeoutMs: 30 * 60_000,
  });
  if (result.code !== 0) {
    let detail = result.stderr.trim();
    try {
      detail = (JSON.parse(result.stdout) as { error: { message: string } }).error.message;
    } catch {}
    throw new ToolchainError(
      `Could not install the quantize toolchain (nncf ${nncf}): ${detail.split('\n').slice(0, 6).join(' ')} Run '${quantizeProvisionCommand()}' to retry.`,
      { code: 'ERR_NNCF_NOT_FOUND' },
    );
  }
  return locateQuantizeToolchain();
}

/** The last line of a script's stdout that parses as a JSON object (NNCF prints progress bars before it). */
function lastJson(stdout: string): Record<string, unknown> | undefined {
  for (const line of stdout.trim().split('\n').reverse()) {
    if (!line.startsWith('{')) continue;
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {}
  }
  return undefined;
}

/**
 * Runs `nncf_quantize.py <mode> <job>` with `python`; returns its JSON answer.
 * @throws ConversionError `ERR_QUANTIZATION` with the script's error and last stderr lines.
 */
export async function runNncfScript(
  python: string,
  mode: 'quantize' | 'evaluate' | 'litert',
  jobFile: string,
  options: { environment?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Record<string, unknown>> {
  const result = await runCaptured(python, [NNCF_SCRIPT, mode, jobFile], {
    signal: options.signal,
    environment: { PYTHONDONTWRITEBYTECODE: '1', ...options.environment },
    timeoutMs: 30 * 60_000,
  });
  const answer = lastJson(result.stdout);
  if (result.code !== 0 || !answer || 'error' in answer) {
    const error = answer?.error as { message?: string } | undefined;
    const tail = result.stderr.trim().split('\n').slice(-4).join(' ');
    throw new ConversionError(`NNCF ${mode} failed (exit ${result.code}): ${error?.message ?? tail ?? 'no answer'}`, {
      code: 'ERR_QUANTIZATION',
    });
  }
  return answer;
}
