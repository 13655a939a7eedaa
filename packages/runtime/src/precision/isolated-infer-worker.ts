// Child process of `inferInChildProcess` (isolated-infer.ts): reads a job file, compiles the model on
// the CPU with the job's config, runs one inference and writes the outputs as raw files. It exists so
// that OpenVINO can run under an environment fixed before the library loads (`ONEDNN_MAX_CPU_ISA`).
// Prints one JSON document on stdout.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Core } from '../core.js';
import type { TensorElementType } from '../element-type.js';
import { typedArrayFor } from '../element-type.js';
import { Tensor } from '../tensor.js';
import { readCpuFeatures } from './cpu-features.js';
import { cpuCompileConfig } from './cpu-precision.js';
import type { IsolatedJob, IsolatedResult } from './isolated-infer.js';

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as IsolatedJob;
  using core = new Core();
  using model = await core.readModel(job.model);
  if (model.isDynamic()) {
    const shapes: Record<string, number[]> = {};
    job.inputs.forEach((input, index) => {
      shapes[model.inputs[index]?.name || String(index)] = input.shape;
    });
    model.reshape(shapes);
  }
  const chosen =
    job.lowPrecision === undefined
      ? undefined
      : cpuCompileConfig(readCpuFeatures(core), { config: job.config, lowPrecision: job.lowPrecision }, job.model);
  using compiled = await core.compileModel(model, job.device ?? 'CPU', chosen?.config ?? job.config);
  using request = compiled.createInferRequest();
  const tensors = job.inputs.map((input) => {
    const bytes = readFileSync(input.file);
    const ArrayType = typedArrayFor(input.elementType as TensorElementType) as unknown as {
      new (buffer: ArrayBuffer, offset: number, length: number): ArrayBufferView;
      BYTES_PER_ELEMENT: number;
    };
    const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const data = new ArrayType(copy, 0, bytes.byteLength / ArrayType.BYTES_PER_ELEMENT);
    return new Tensor(input.elementType as TensorElementType, input.shape, data as never);
  });
  const result = request.infer(tensors);
  const outputs = compiled.outputs.map((port, index) => {
    const tensor = result[port.name || String(index)] as Tensor;
    const file = join(job.outputDirectory, `output-${index}.bin`);
    const data = tensor.data as ArrayBufferView;
    writeFileSync(file, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    return { name: port.name, elementType: tensor.elementType, shape: [...tensor.shape], file };
  });
  for (const tensor of tensors) tensor.dispose();
  const answer: IsolatedResult = {
    outputs,
    cpu: readCpuFeatures(core),
    inferencePrecision: compiled.getProperty('INFERENCE_PRECISION_HINT'),
    ...(chosen ? { decision: chosen.decision } : {}),
  };
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
