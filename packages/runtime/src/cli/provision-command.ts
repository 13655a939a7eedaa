import { Command } from 'commander';
import { type ProvisionResult, provision } from '../../scripts/provision.mjs';
import { HubvinoError } from '../errors/hubvino-error.js';
import { ToolchainError } from '../errors/toolchain-error.js';
import { toolchainDirectory, toolchainPins } from '../toolchain/toolchain-paths.js';
import { exitCodeHelp } from './exit-code-help.js';
import type { CommandLineContext } from './run-command-line.js';

/** What `hubvino provision` did. */
export interface ProvisionReport extends ProvisionResult {
  /** The pinned OpenVINO version (toolchain.json). */
  openvino: string;
  /** Seconds spent (0 when the toolchain was already there). */
  seconds: number;
}

/** Options of {@link runProvision}. */
export interface RunProvisionOptions {
  /** Only check that the toolchain is complete; install nothing. */
  check?: boolean;
  /** Also the quantize toolchain: OpenVINO + the pinned `nncf` wheel (`hubvino-convert --quantize int8`). */
  quantize?: boolean;
  /** Progress lines (venv creation, pip). */
  log?: (line: string) => void;
}

/**
 * Provisions the OpenVINO toolchain (the pinned `openvino` PyPI wheel in a Python venv) where
 * {@link toolchainDirectory} says, or with `check` only verifies it. Returns at once when it is there.
 * @throws ToolchainError with the provisioner's code (ERR_PYTHON_NOT_FOUND, ERR_NO_NETWORK, ERR_NOT_PROVISIONED, ...).
 */
export function runProvision(options: RunProvisionOptions = {}): ProvisionReport {
  const started = Date.now();
  try {
    const result = provision({
      check: options.check === true,
      quantize: options.quantize === true,
      ...(options.log ? { log: options.log } : {}),
    });
    return {
      ...result,
      openvino: toolchainPins().openvino,
      seconds: result.base.reused ? 0 : (Date.now() - started) / 1000,
    };
  } catch (error) {
    if (HubvinoError.isInstance(error)) throw error;
    const code = (error as { code?: unknown }).code;
    throw new ToolchainError((error as Error).message, {
      code: typeof code === 'string' ? code : 'ERR_PROVISION',
      cause: error,
    });
  }
}

const locationHelp = `
Where: HUBVINO_TOOLCHAIN_DIR when set; inside a hubvino source checkout <workspace>/.toolchain; otherwise
(installed from the registry) $XDG_CACHE_HOME/hubvino/toolchain, default ~/.cache/hubvino/toolchain,
shared by every project on this machine. Needs Python >= 3.10 with venv and pip (HUBVINO_PYTHON picks one)
and access to PyPI (pip's own settings apply: PIP_INDEX_URL, PIP_CACHE_DIR, HTTPS_PROXY).`;

/**
 * The `provision` subcommand of the `hubvino` command line. Failures are thrown as ToolchainError,
 * which the shared command-line runner turns into exit 8 (and one JSON error document under --json).
 */
export function createProvisionCommand(context: CommandLineContext): Command {
  return new Command('provision')
    .description(
      `Install OpenVINO ${toolchainPins().openvino} (the pinned openvino PyPI wheel: C library, plugins, ovc, benchmark_app; about 280 MB) into a Python venv in ${toolchainDirectory()}. Returns at once when it is already there.`,
    )
    .option('--check', 'only check that the toolchain is complete (exit 8 when it is not); install nothing')
    .option(
      '--quantize',
      `also the quantize toolchain: OpenVINO + nncf ${toolchainPins().quantize.nncf} (INT8 quantization)`,
    )
    .option('--json', 'print one JSON document on stdout')
    .option('--quiet', 'no progress lines on stderr')
    .addHelpText(
      'after',
      `${locationHelp}\n${exitCodeHelp({ success: 'the toolchain is ready', categories: ['usage', 'toolchain', 'internal'] })}\n`,
    )
    .action((options: { check?: boolean; quantize?: boolean; json?: boolean; quiet?: boolean }) => {
      const quiet = context.json || options.quiet === true;
      const report = runProvision({
        check: options.check === true,
        quantize: options.quantize === true,
        ...(quiet ? {} : { log: (line: string) => context.output.stderr(`${line}\n`) }),
      });
      if (context.json) context.printJson(report);
      else {
        context.output.stdout(
          `OpenVINO ${report.openvino} ${report.base.reused ? 'is provisioned' : `provisioned in ${report.seconds.toFixed(1)} s`} at ${report.base.path}\n`,
        );
      }
    });
}
