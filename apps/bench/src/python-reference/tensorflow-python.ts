import { locateDevToolchain } from '@hubvino/runtime/toolchain';
import { runPythonScript } from './run-python-script.js';

/** TensorFlow's speed on a model, measured by python/tensorflow_inference.py. */
export interface TensorflowMeasurement {
  /** What ran, e.g. `Python TensorFlow 2.21.0 SavedModel (serving_default)`. */
  runtime: string;
  loadMs: number;
  latencyMedianMs: number;
  latencyCount: number;
  throughputPerSecond: number;
  throughputRequests: number;
}

/** Where the model TensorFlow should run comes from. */
export type TensorflowSource = { savedModel: string } | { tflite: string };

interface ScriptOutput {
  runtime: string;
  loadMs: number;
  latency: { medianMs: number; count: number };
  throughput: { perSecond: number; requests: number };
}

/**
 * Measures Python TensorFlow (the dev toolchain's tensorflow-cpu) on the source model: latency with
 * one caller, throughput with `requests` concurrent callers, each for `durationSeconds`.
 */
export async function measurePythonTensorflow(
  source: TensorflowSource,
  durationSeconds: number,
  requests: number,
): Promise<TensorflowMeasurement> {
  const toolchain = locateDevToolchain();
  const sourceArgs = 'savedModel' in source ? ['--saved-model', source.savedModel] : ['--tflite', source.tflite];
  const output = (await runPythonScript(toolchain.python, 'tensorflow_inference.py', [
    ...sourceArgs,
    '--duration',
    String(durationSeconds),
    '--requests',
    String(requests),
  ])) as ScriptOutput;
  return {
    runtime: `Python ${output.runtime}`,
    loadMs: output.loadMs,
    latencyMedianMs: output.latency.medianMs,
    latencyCount: output.latency.count,
    throughputPerSecond: output.throughput.perSecond,
    throughputRequests: output.throughput.requests,
  };
}
