import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { locateOpenVino } from '@hubvino/runtime/toolchain';
import { ValidationError } from '../errors/validation-error.js';
import { runCaptured } from '../process/run-captured.js';
import type { NumericOutput, ValidationReference, ValidationReferenceFactory } from './validation-reference.js';

/** The Python script that runs TF Lite's interpreter (shipped in the package's `python/` folder). */
export const LITERT_SCRIPT = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'python',
  'litert_reference.py',
);

interface ScriptAnswer {
  interpreter: string;
  outputs: { name: string; elementType: string; shape: number[]; file: string }[];
}

const readers: Record<string, (bytes: Buffer) => ArrayLike<number | bigint>> = {
  f32: (bytes) => new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4),
  f64: (bytes) => new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8),
  u8: (bytes) => new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  i8: (bytes) => new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  i16: (bytes) => new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2),
  i32: (bytes) => new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4),
  i64: (bytes) => new BigInt64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8),
  boolean: (bytes) => new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
};

/**
 * The reference for `.tflite` sources: TF Lite's own interpreter (LiteRT, the `ai-edge-litert` wheel
 * pinned in the base toolchain; TensorFlow's `tf.lite.Interpreter` when only the dev toolchain has
 * one), run by `python/litert_reference.py` on the same input tensors as the IR. Skips itself with a
 * note for other formats or when the toolchain has no Python (`HUBVINO_OPENVINO_LIB_DIR`).
 */
export const liteRtReference: ValidationReferenceFactory = async (context) => {
  if (context.source.format !== 'tflite') return undefined;
  const python = locateOpenVino().python;
  if (!python) {
    context.note(
      "TF Lite's interpreter was not used: the OpenVINO toolchain has no Python venv (HUBVINO_OPENVINO_LIB_DIR); run 'pnpm install' to provision one with ai-edge-litert.",
    );
    return undefined;
  }
  const directory = await mkdtemp(join(tmpdir(), 'hubvino-litert-'));
  let description = 'TF Lite interpreter';
  const reference: ValidationReference = {
    kind: 'litert',
    get description() {
      return description;
    },
    async run(inputs) {
      const specs = await Promise.all(
        inputs.map(async (tensor, index) => {
          const file = join(directory, `input-${index}.bin`);
          const data = tensor.data as ArrayBufferView;
          await writeFile(file, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
          return {
            name: context.inputs[index]?.name ?? '',
            elementType: tensor.elementType,
            shape: [...tensor.shape],
            file,
          };
        }),
      );
      const job = join(directory, 'job.json');
      await writeFile(
        job,
        JSON.stringify({ model: context.source.modelPath, inputs: specs, outputDirectory: directory }),
      );
      const result = await runCaptured(python, [LITERT_SCRIPT, job], {
        environment: { TF_CPP_MIN_LOG_LEVEL: '2', PYTHONDONTWRITEBYTECODE: '1' },
        timeoutMs: 300_000,
      });
      if (result.code !== 0) {
        throw new ValidationError(
          `TF Lite's interpreter could not run ${context.source.modelPath} (exit ${result.code}): ${(result.stdout + result.stderr).trim().split('\n').slice(-4).join(' ')}`,
          { code: 'ERR_VALIDATION_REFERENCE' },
        );
      }
      const answer = JSON.parse(result.stdout.trim().split('\n').at(-1) as string) as ScriptAnswer;
      description = answer.interpreter;
      const outputs: NumericOutput[] = [];
      for (const output of answer.outputs) {
        const read = readers[output.elementType];
        if (!read) {
          throw new ValidationError(
            `TF Lite's interpreter returned output '${output.name}' of type ${output.elementType}, which cannot be compared.`,
            { code: 'ERR_VALIDATION_REFERENCE' },
          );
        }
        const values = read(await readFile(output.file));
        outputs.push({
          name: output.name,
          shape: output.shape,
          elementType: output.elementType,
          values: Float64Array.from(values as ArrayLike<number>, Number),
        });
      }
      return outputs;
    },
    dispose() {
      void rm(directory, { recursive: true, force: true });
    },
  };
  return reference;
};
