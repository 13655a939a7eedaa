import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ToolchainError } from '@hubvino/runtime';
import type { OpenVinoDistribution } from '@hubvino/runtime/toolchain';
import { z } from 'zod';
import { ConversionError } from '../errors/conversion-error.js';
import { readTfliteModel } from '../tflite/tflite-model.js';
import { type OvcRequest, ovcArguments, ovcFailureSummary } from './run-ovc.js';

/** The custom op TF Lite's SSD detectors end in (box decoding + non-max suppression). */
export const DETECTION_POSTPROCESS_OP = 'TFLite_Detection_PostProcess';

/**
 * True when a `.tflite` file uses TF Lite's SSD post-processing op, which ovc and OpenVINO's TF Lite
 * frontend cannot translate (such detectors take {@link convertDetectionPostprocess}).
 * @throws SourceError when the file is not a readable TF Lite model.
 */
export async function usesDetectionPostprocess(file: string): Promise<boolean> {
  const model = await readTfliteModel(file);
  return model.operators.some((operator) => operator.custom && operator.type === DETECTION_POSTPROCESS_OP);
}

/** The Python script (shipped in the package's `python/` folder) that converts SSD detectors. */
export const DETECTION_POSTPROCESS_SCRIPT = fileURLToPath(
  new URL('../../python/tflite_detection_postprocess.py', import.meta.url),
);

/** The options of one `TFLite_Detection_PostProcess` op, as read from its flexbuffer. */
export const detectionPostprocessOptionsSchema = z.object({
  max_detections: z.number().int().positive(),
  max_classes_per_detection: z.number().int().positive(),
  detections_per_class: z.number().int().positive(),
  use_regular_nms: z.boolean(),
  nms_score_threshold: z.number(),
  nms_iou_threshold: z.number(),
  num_classes: z.number().int().positive(),
  y_scale: z.number(),
  x_scale: z.number(),
  h_scale: z.number(),
  w_scale: z.number(),
  /** 1 when the class scores have a background column first. */
  label_offset: z.number().int().min(0).max(1),
});
export type DetectionPostprocessOptions = z.infer<typeof detectionPostprocessOptionsSchema>;

const scriptResultSchema = z.object({
  opType: z.string(),
  options: z.array(detectionPostprocessOptionsSchema).min(1),
});

/**
 * The arguments recorded in the manifest for this conversion route (paths made portable like
 * {@link ovcArguments}).
 */
export function detectionConversionArguments(request: OvcRequest, portable = false): string[] {
  const [source, , output, fp16] = ovcArguments(request, portable);
  return [
    portable ? 'python/tflite_detection_postprocess.py' : DETECTION_POSTPROCESS_SCRIPT,
    source as string,
    output as string,
    '--compress-to-fp16',
    (fp16 as string).endsWith('True') ? 'True' : 'False',
  ];
}

/**
 * Converts a TF Lite SSD detector whose graph ends in `TFLite_Detection_PostProcess`, which ovc
 * cannot translate: the toolchain's Python reads the model with OpenVINO's TF Lite frontend
 * (`convert_partially`), rebuilds the op from OpenVINO operations (box decoding + NonMaxSuppression,
 * options from the op's flexbuffer) and saves the IR. See `python/tflite_detection_postprocess.py`.
 * @throws ToolchainError when the toolchain has no Python; ConversionError with the script's error.
 */
export async function convertDetectionPostprocess(
  openvino: OpenVinoDistribution,
  request: OvcRequest,
): Promise<{ durationMs: number; output: string; options: DetectionPostprocessOptions[] }> {
  if (!openvino.python) {
    throw new ToolchainError(
      `Converting a TFLite_Detection_PostProcess model needs the provisioned OpenVINO venv's Python (${openvino.libraryDirectory} was given through HUBVINO_OPENVINO_LIB_DIR); unset it and run 'pnpm install'.`,
      { code: 'ERR_PYTHON_NOT_FOUND' },
    );
  }
  if (request.input) {
    throw new ConversionError(
      `The SSD detector ${request.modelPath} has a fixed input size; '--input-shape' cannot change it.`,
      { code: 'ERR_INPUT_SHAPE' },
    );
  }
  const python = openvino.python;
  const started = performance.now();
  const args = detectionConversionArguments(request).slice(0);
  const { code, stdout, output } = await new Promise<{ code: number | null; stdout: string; output: string }>(
    (resolvePromise, reject) => {
      const child = spawn(python, args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? '2' },
      });
      let out = '';
      let all = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
        all += chunk;
      });
      child.stderr.on('data', (chunk) => {
        all += chunk;
      });
      child.on('error', (error) =>
        reject(
          new ToolchainError(`Cannot start the toolchain's Python (${python}): ${error.message}`, {
            code: 'ERR_PYTHON_NOT_FOUND',
            cause: error,
          }),
        ),
      );
      child.on('close', (exitCode) => resolvePromise({ code: exitCode, stdout: out, output: all }));
    },
  );
  if (code !== 0) {
    throw new ConversionError(
      `OpenVINO could not convert the SSD detector ${request.modelPath} (exit ${code}):\n${ovcFailureSummary(output)}`,
      { code: 'ERR_DETECTION_CONVERSION_FAILED', toolOutput: output.slice(-8000) },
    );
  }
  const lastLine = stdout.trim().split(/\r?\n/).at(-1) ?? '';
  let parsed: z.infer<typeof scriptResultSchema>;
  try {
    parsed = scriptResultSchema.parse(JSON.parse(lastLine));
  } catch (error) {
    throw new ConversionError(
      `The SSD conversion of ${request.modelPath} printed no readable result (${(error as Error).message}).`,
      { code: 'ERR_DETECTION_CONVERSION_FAILED', toolOutput: output.slice(-8000), cause: error },
    );
  }
  return { durationMs: performance.now() - started, output, options: parsed.options };
}
