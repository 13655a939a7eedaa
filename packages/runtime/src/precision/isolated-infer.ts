import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type TensorData, type TensorElementType, typedArrayFor } from '../element-type.js';
import { ArgumentError } from '../errors/argument-error.js';
import { ToolchainError } from '../errors/toolchain-error.js';
import type { PropertyMap } from '../properties.js';
import type { Tensor } from '../tensor.js';
import type { CpuFeatures } from './cpu-features.js';
import type { CpuPrecisionDecision, LowPrecisionMode } from './cpu-precision.js';

/**
 * The environment that makes this CPU run OpenVINO's CPU plugin like a CPU without exact 8-bit dot
 * products (AVX2 / AVX-512 without VNNI): oneDNN inside the plugin honours `ONEDNN_MAX_CPU_ISA`, so
 * u8 convolutions use the `jit_avx2_I8` kernels (vpmaddubsw, 16-bit saturating sums) instead of
 * VNNI/AMX ones. Measured with the pinned wheel on an AVX-512+VNNI+AMX Xeon: Magenta's prediction
 * model then differs from TF Lite by 0.557 (0.020 natively), as on a real AVX2-only EPYC (0.656).
 * OpenVINO's own checks still see bf16, and compiling in bf16 under this limit fails ("object is not
 * initialized"), so the emulation also sets `INFERENCE_PRECISION_HINT: f32` — what an AVX2 CPU uses.
 */
export const SATURATING_INT8_EMULATION = Object.freeze({
  environment: Object.freeze({ ONEDNN_MAX_CPU_ISA: 'AVX2' }),
  config: Object.freeze({ INFERENCE_PRECISION_HINT: 'f32' }),
  description: 'ONEDNN_MAX_CPU_ISA=AVX2',
});

/** @internal The job file the worker reads. */
export interface IsolatedJob {
  model: string;
  device?: string;
  config: Record<string, string | number | boolean>;
  /** When set, the child applies its own CPU precision decision (`chooseCpuPrecision`) over `config`. */
  lowPrecision?: LowPrecisionMode;
  inputs: { elementType: string; shape: number[]; file: string }[];
  outputDirectory: string;
}

/** @internal The worker's answer. */
export interface IsolatedResult {
  outputs: { name: string; elementType: string; shape: number[]; file: string }[];
  cpu: CpuFeatures;
  inferencePrecision: string;
  decision?: CpuPrecisionDecision;
}

/** One output of {@link inferInChildProcess}. */
export interface IsolatedOutput {
  name: string;
  elementType: TensorElementType;
  shape: number[];
  data: TensorData;
}

export interface InferInChildProcessOptions {
  /** Model file OpenVINO reads (IR `.xml`, `.tflite`, ...). */
  model: string;
  /** Inputs in model order (dynamic models are reshaped to their shapes). */
  inputs: readonly Tensor[];
  /** Compile properties. */
  config?: PropertyMap;
  /** Let the child decide low precision itself, as the runtime does at load (`auto`), or force it. */
  lowPrecision?: LowPrecisionMode;
  /** Extra environment of the child, e.g. {@link SATURATING_INT8_EMULATION}'s. */
  environment?: Readonly<Record<string, string>>;
  /** Give up after this long (default 120 s). */
  timeoutMs?: number;
}

function workerPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, 'isolated-infer-worker.js');
  if (existsSync(beside)) return beside;
  // Running from src/ (tests): the built worker.
  const built = join(here, '..', '..', 'dist', 'precision', 'isolated-infer-worker.js');
  if (existsSync(built)) return built;
  throw new ToolchainError(`The worker ${built} is missing; build @hubvino/runtime first (pnpm build).`, {
    code: 'ERR_WORKER_MISSING',
  });
}

/**
 * Compiles and runs a model once in a child Node process, so OpenVINO starts under `environment`
 * (e.g. a oneDNN ISA limit, which must be set before the library loads). Returns the outputs, the
 * child's {@link CpuFeatures} and the inference precision it compiled with.
 * @throws ToolchainError (`ERR_CHILD_INFERENCE`) with the child's stderr when it fails.
 */
export async function inferInChildProcess(options: InferInChildProcessOptions): Promise<{
  outputs: IsolatedOutput[];
  cpu: CpuFeatures;
  inferencePrecision: string;
  decision: CpuPrecisionDecision | undefined;
}> {
  if (typeof options?.model !== 'string' || options.model === '') {
    throw new ArgumentError(`'model' must be the path of a model file`, { argument: 'model' });
  }
  const directory = await mkdtemp(join(tmpdir(), 'hubvino-isolated-'));
  try {
    const inputs = await Promise.all(
      options.inputs.map(async (tensor, index) => {
        const file = join(directory, `input-${index}.bin`);
        const data = tensor.data as ArrayBufferView;
        await writeFile(file, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
        return { elementType: tensor.elementType, shape: [...tensor.shape], file };
      }),
    );
    const job: IsolatedJob = {
      model: options.model,
      config: { ...(options.config ?? {}) },
      ...(options.lowPrecision === undefined ? {} : { lowPrecision: options.lowPrecision }),
      inputs,
      outputDirectory: directory,
    };
    const jobFile = join(directory, 'job.json');
    await writeFile(jobFile, JSON.stringify(job));
    const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number | null }>(
      (resolvePromise, reject) => {
        const child = spawn(process.execPath, [workerPath(), jobFile], {
          env: { ...process.env, ...(options.environment ?? {}) },
          stdio: ['ignore', 'pipe', 'pipe'],
          timeout: options.timeoutMs ?? 120_000,
        });
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk) => {
          out += chunk;
        });
        child.stderr.on('data', (chunk) => {
          err += chunk;
        });
        child.on('error', reject);
        child.on('close', (exitCode) => resolvePromise({ stdout: out, stderr: err, code: exitCode }));
      },
    );
    if (code !== 0) {
      throw new ToolchainError(
        `Running ${options.model} in a child process failed (exit ${code}): ${stderr.trim().split('\n').slice(0, 6).join(' ')}`,
        { code: 'ERR_CHILD_INFERENCE' },
      );
    }
    const result = JSON.parse(stdout.trim().split('\n').at(-1) as string) as IsolatedResult;
    const outputs = await Promise.all(
      result.outputs.map(async (output) => {
        const bytes = await readFile(output.file);
        const ArrayType = typedArrayFor(output.elementType as TensorElementType) as unknown as {
          new (buffer: ArrayBuffer): TensorData;
        };
        const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        return {
          name: output.name,
          elementType: output.elementType as TensorElementType,
          shape: output.shape,
          data: new ArrayType(copy),
        };
      }),
    );
    return { outputs, cpu: result.cpu, inferencePrecision: result.inferencePrecision, decision: result.decision };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
