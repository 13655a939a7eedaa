import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ToolchainError } from '@hubvino/runtime';
import { MODEL_XML_FILE_NAME } from '@hubvino/runtime/artifact';
import { type OpenVinoDistribution, provisionCommand } from '@hubvino/runtime/toolchain';
import { ConversionError } from '../errors/conversion-error.js';
import { throwIfInterrupted } from '../errors/interrupted-error.js';

let setprivPath: string | null | undefined;

/** util-linux's setpriv when it has `--pdeathsig` (2.33+), which it sets before it execs; null elsewhere. */
function setpriv(): string | null {
  if (setprivPath === undefined) {
    const path = ['/usr/bin/setpriv', '/bin/setpriv'].find((candidate) => existsSync(candidate));
    const help = path ? spawnSync(path, ['--help'], { encoding: 'utf8', timeout: 5000 }).stdout : '';
    setprivPath = path && help?.includes('--pdeathsig') ? path : null;
  }
  return setprivPath;
}

/**
 * How ovc is started: in its own process group (so that stopping it stops whatever it started),
 * and under `setpriv --pdeathsig KILL` where available, so that ovc dies with this process even
 * when this process is SIGKILLed and cannot clean up.
 */
export function ovcSpawnCommand(command: string, args: string[]): { command: string; args: string[] } {
  const wrapper = setpriv();
  return wrapper ? { command: wrapper, args: ['--pdeathsig', 'KILL', '--', command, ...args] } : { command, args };
}

/** Stops a child started in its own process group: SIGTERM to the group, SIGKILL after `graceMs`. */
export function killProcessGroup(child: ChildProcess, graceMs = 2000): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), signal);
    } catch {
      // already gone
    }
  };
  signalGroup('SIGTERM');
  const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
  timer.unref();
  child.once('close', () => clearTimeout(timer));
}

/** What ovc is asked to do. */
export interface OvcRequest {
  /** SavedModel folder, .tflite, .pb or .onnx. */
  modelPath: string;
  /** Folder that receives model.xml and model.bin. */
  outputDirectory: string;
  compressToFp16: boolean;
  /** `--input` value (shapes), when set. */
  input: string | undefined;
}

/**
 * The ovc arguments for `request`, with the machine-specific paths replaced by `<source>` and
 * `<output>` when `portable` (that form goes into the manifest and decides `--if-changed`).
 */
export function ovcArguments(request: OvcRequest, portable = false): string[] {
  return [
    portable ? '<source>' : request.modelPath,
    '--output_model',
    portable ? `<output>/${MODEL_XML_FILE_NAME}` : join(request.outputDirectory, MODEL_XML_FILE_NAME),
    `--compress_to_fp16=${request.compressToFp16 ? 'True' : 'False'}`,
    ...(request.input ? ['--input', request.input] : []),
  ];
}

/** The lines of ovc's output that explain a failure (its `[ ERROR ]` lines, else the last lines). */
export function ovcFailureSummary(output: string): string {
  const lines = output.split(/\r?\n/).filter((line) => line.trim() !== '');
  const errorStart = lines.findIndex((line) => /\[ ERROR \]|Error:|Exception/.test(line));
  const picked = errorStart >= 0 ? lines.slice(errorStart, errorStart + 12) : lines.slice(-12);
  return picked.join('\n');
}

/** What ovc prints (`openvino/tools/ovc/main.py`) once `save_model` has written the IR, before it exits. */
const IR_WRITTEN_LINE = /\[ SUCCESS \] BIN file: /;

/**
 * Runs `ovc` from the provisioned OpenVINO (`locateOpenVino().ovc`). Aborting `signal` kills ovc's
 * process group and rejects with the signal's reason.
 *
 * `onWritten` is called once ovc reports the IR written (its `[ SUCCESS ] BIN file:` line, printed
 * right after `save_model` returns; Python's output is unbuffered for this). ovc may then still wait
 * for its telemetry (OpenVINO's, on unless opted out: a send per event, each waiting up to 3 s where
 * the network drops it) before it exits; the exit status is what the returned promise reports.
 * @throws ToolchainError when ovc is not available; ConversionError with ovc's own error lines when
 * it fails (an op it cannot convert, a shape that does not fit).
 */
export async function runOvc(
  openvino: OpenVinoDistribution,
  request: OvcRequest,
  signal?: AbortSignal,
  onWritten?: () => void,
): Promise<{ durationMs: number; writtenMs: number | undefined; output: string }> {
  const ovc = openvino.ovc;
  if (!ovc) {
    throw new ToolchainError(
      `ovc is not available in the OpenVINO distribution (${openvino.venv ?? openvino.libraryDirectory}); run '${provisionCommand()}' to provision it or set HUBVINO_OVC.`,
      { code: 'ERR_OVC_NOT_FOUND' },
    );
  }
  const started = performance.now();
  let writtenMs: number | undefined;
  let callbackError: { error: unknown } | undefined;
  throwIfInterrupted(signal);
  const launch = ovcSpawnCommand(ovc.command, [...ovc.args, ...ovcArguments(request)]);
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolvePromise, reject) => {
    const child = spawn(launch.command, launch.args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? '2', PYTHONUNBUFFERED: '1' },
    });
    const onAbort = () => killProcessGroup(child);
    signal?.addEventListener('abort', onAbort, { once: true });
    child.once('close', () => signal?.removeEventListener('abort', onAbort));
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
      if (writtenMs === undefined && IR_WRITTEN_LINE.test(text)) {
        writtenMs = performance.now() - started;
        try {
          onWritten?.();
        } catch (error) {
          // A throwing callback must not become an uncaught exception in this stream handler.
          callbackError = { error };
          killProcessGroup(child);
        }
      }
    });
    child.stderr.on('data', (chunk) => {
      text += chunk;
    });
    child.on('error', (error) =>
      reject(
        new ToolchainError(`Cannot start ovc (${ovc.command}): ${error.message}`, {
          code: 'ERR_OVC_NOT_FOUND',
          cause: error,
        }),
      ),
    );
    child.on('close', (exitCode) => resolvePromise({ code: exitCode, output: text }));
  });
  throwIfInterrupted(signal);
  if (callbackError) throw callbackError.error;
  if (code !== 0) {
    const summary = ovcFailureSummary(output);
    throw new ConversionError(`ovc could not convert ${request.modelPath} (exit ${code}):\n${summary}`, {
      code: 'ERR_OVC_FAILED',
      toolOutput: output.slice(-8000),
    });
  }
  return { durationMs: performance.now() - started, writtenMs, output };
}
