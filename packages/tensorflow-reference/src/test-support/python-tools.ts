// Test support: SavedModels made by the dev toolchain's Python TensorFlow, converted by OpenVINO's
// ovc and run by @hubvino/runtime (independent producers of the expectations of these tests).
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Core, Tensor } from '@hubvino/runtime';
import { locateDevToolchain, locateOpenVino } from '@hubvino/runtime/toolchain';

const execFileAsync = promisify(execFile);
const scripts = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts');

async function run(command: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync(command, args, {
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
    });
    return stdout;
  } catch (error) {
    const failure = error as { stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${failure.message}\n${(failure.stderr ?? '').slice(-3000)}`);
  }
}

/** A SavedModel made by one of scripts/make-*-saved-model.py, with a fixed input and TensorFlow's (Python) output. */
export interface GeneratedSavedModel {
  savedModelDirectory: string;
  /** The signature input's key. */
  inputName: string;
  input: Float32Array;
  inputShape: number[];
  /** TensorFlow (Python) output of serving_default for `input`. */
  logits: Float32Array;
  logitsShape: number[];
  /** argmax of each row of `logits`. */
  top1: number[];
}

async function makeSavedModel(script: string, directory: string): Promise<GeneratedSavedModel> {
  await run(locateDevToolchain().python, [join(scripts, script), directory]);
  const description = JSON.parse(await readFile(join(directory, 'description.json'), 'utf8')) as {
    input: { name: string; shape: number[] };
    output: { shape: number[] };
    top1: number[];
  };
  return {
    savedModelDirectory: join(directory, 'saved_model'),
    inputName: description.input.name,
    input: await readFloat32(join(directory, 'input.f32')),
    inputShape: description.input.shape,
    logits: await readFloat32(join(directory, 'logits.f32')),
    logitsShape: description.output.shape,
    top1: description.top1,
  };
}

/**
 * The tiny two-signature SavedModel (serving_default: images float32[?,8,8,3] -> logits [?,10];
 * affine: x, offset -> scaled, shifted), with a batch of two inputs. About 4 s.
 */
export function makeTinySavedModel(directory: string): Promise<GeneratedSavedModel> {
  return makeSavedModel('make-tiny-saved-model.py', directory);
}

async function readFloat32(file: string): Promise<Float32Array> {
  const bytes = await readFile(file);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** Converts a SavedModel to IR with the provisioned `ovc`, FP32 weights (`--compress_to_fp16=False`). */
export async function convertToFp32Ir(savedModelDirectory: string, outputXml: string): Promise<string> {
  const ovc = locateOpenVino().ovc;
  if (!ovc) throw new Error('ovc is not provisioned (pnpm install)');
  await run(ovc.command, [...ovc.args, savedModelDirectory, '--output_model', outputXml, '--compress_to_fp16=False']);
  return outputXml;
}

/** Runs an IR once with @hubvino/runtime's Core (CPU, FP32 inference precision); returns its first output. */
export async function runIrWithHubvino(
  modelXml: string,
  input: Float32Array,
  shape: number[],
): Promise<{ data: Float32Array; shape: number[]; inferencePrecision: string }> {
  const core = new Core();
  using model = await core.readModel(modelXml);
  // FP32 on purpose: the CPU plugin may otherwise pick bf16 on CPUs that support it.
  using compiled = await core.compileModel(model, 'CPU', { INFERENCE_PRECISION_HINT: 'f32' });
  using request = compiled.createInferRequest();
  using tensor = new Tensor('f32', shape, input);
  const result = request.infer(tensor);
  const output = Object.values(result)[0];
  if (!output) throw new Error(`${modelXml} produced no output`);
  try {
    return {
      data: Float32Array.from(output.data as Float32Array),
      shape: [...output.shape],
      inferencePrecision: compiled.getProperty('INFERENCE_PRECISION_HINT'),
    };
  } finally {
    for (const value of Object.values(result)) value.dispose();
  }
}
