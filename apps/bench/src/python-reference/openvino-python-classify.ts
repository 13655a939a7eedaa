import { ToolchainError } from '@hubvino/runtime';
import { locateOpenVino } from '@hubvino/runtime/toolchain';
import { runPythonScript } from './run-python-script.js';

/** The notebook's path (Pillow + openvino Python API) classifying a folder of JPEGs. */
export interface PythonClassifyMeasurement {
  runtime: string;
  images: number;
  /** Images per second of each timed pass over the folder. */
  imagesPerSecond: number[];
  readModelMs: number;
  compileModelMs: number;
  /** Top-1 class index per file name. */
  top1: Record<string, number>;
}

/**
 * Runs python/openvino_classify.py with the OpenVINO toolchain's Python (openvino + Pillow are in
 * the dev venv; the base venv has openvino but not Pillow, so the dev venv's Python is used when
 * given).
 */
export async function measurePythonClassify(options: {
  python?: string;
  model: string;
  imagesFolder: string;
  repetitions: number;
  hint: 'LATENCY' | 'THROUGHPUT';
  /** Reshape a dynamic input to this static shape first (as hubvino does). */
  staticShape?: readonly number[];
  /** `INFERENCE_PRECISION_HINT` (default: the plugin's own). */
  inferencePrecision?: string;
}): Promise<PythonClassifyMeasurement> {
  const python = options.python ?? locateOpenVino().python;
  if (!python) {
    throw new ToolchainError('No Python with openvino: run pnpm setup:dev.', { code: 'ERR_REFERENCE_FAILED' });
  }
  const args = [
    '--model',
    options.model,
    '--images',
    options.imagesFolder,
    '--repetitions',
    String(options.repetitions),
    '--hint',
    options.hint,
  ];
  if (options.staticShape) args.push('--shape', options.staticShape.join(','));
  if (options.inferencePrecision) args.push('--inference-precision', options.inferencePrecision);
  return (await runPythonScript(python, 'openvino_classify.py', args)) as PythonClassifyMeasurement;
}
