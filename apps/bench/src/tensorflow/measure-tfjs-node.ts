import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ToolchainError } from '@hubvino/runtime';
import { runCommand } from '../process/run-command.js';
import { lastJsonLine } from '../python-reference/run-python-script.js';
import type { TensorflowMeasurement } from '../python-reference/tensorflow-python.js';

const probe = join(dirname(fileURLToPath(import.meta.url)), 'tfjs-probe.js');

/**
 * TensorFlow through tfjs-node on a SavedModel: latency (median of sequential `predict` calls) and
 * throughput (the same calls per second; `predict` is synchronous, so there is one caller and
 * TensorFlow parallelizes inside each call), for `durationSeconds`, in a child process.
 * @throws ToolchainError `ERR_REFERENCE_FAILED` (e.g. the addon is not built: `pnpm setup:dev`).
 */
export async function measureTfjsNode(savedModel: string, durationSeconds: number): Promise<TensorflowMeasurement> {
  const result = await runCommand(process.execPath, [probe, savedModel, String(durationSeconds)], {
    environment: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
  });
  if (result.exitCode !== 0) {
    throw new ToolchainError(
      `tfjs-node failed (exit ${result.exitCode}): ${result.stderr.trim().split('\n').slice(-4).join('\n')}`,
      { code: 'ERR_REFERENCE_FAILED' },
    );
  }
  const output = lastJsonLine(result.stdout) as {
    runtime: string;
    loadMs: number;
    latency: { medianMs: number; count: number };
    throughput: { perSecond: number; requests: number };
  };
  return {
    runtime: output.runtime,
    loadMs: output.loadMs,
    latencyMedianMs: output.latency.medianMs,
    latencyCount: output.latency.count,
    throughputPerSecond: output.throughput.perSecond,
    throughputRequests: output.throughput.requests,
  };
}
