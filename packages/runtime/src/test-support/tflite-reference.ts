import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { locateDevToolchain } from '../toolchain/index.js';
import { temporaryDirectory } from './shared-data.js';

const script = join(dirname(fileURLToPath(import.meta.url)), 'tflite-reference.py');

/**
 * Runs a single-input TF Lite model with TensorFlow's own interpreter (the dev toolchain's Python,
 * `tf.lite.Interpreter`) on each input in `inputs` (back to back, in the input tensor's type) and
 * returns every run's first output, dequantized, back to back.
 */
export async function runTfliteInterpreter(
  modelPath: string,
  inputs: Uint8Array | Float32Array,
): Promise<Float32Array> {
  const folder = await temporaryDirectory('hubvino-tflite-');
  try {
    const inputPath = join(folder.path, 'inputs.bin');
    const outputPath = join(folder.path, 'outputs.f32');
    await writeFile(inputPath, new Uint8Array(inputs.buffer, inputs.byteOffset, inputs.byteLength));
    await promisify(execFile)(locateDevToolchain().python, [script, modelPath, inputPath, outputPath], {
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
      maxBuffer: 16 * 1024 * 1024,
    });
    const bytes = await readFile(outputPath);
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  } finally {
    await folder.remove();
  }
}
