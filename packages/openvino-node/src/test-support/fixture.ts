import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTestModel } from './test-model.js';

/** A temporary folder with the test model (`test_model_fp32.xml/.bin`); `remove()` deletes it. */
export async function testModelFolder(): Promise<{
  directory: string;
  xml: string;
  bin: string;
  remove: () => Promise<void>;
}> {
  const directory = await mkdtemp(join(tmpdir(), 'hubvino-ovnode-test-'));
  const { xml, bin } = await writeTestModel(directory);
  return { directory, xml, bin, remove: () => rm(directory, { recursive: true, force: true }) };
}

/**
 * Deterministic inputs (xorshift): values in [0.5, 1.5) like openvino-node's `Math.random() + 0.5`,
 * scaled by a ramp from 1 to 4 over the array so that each channel has a different mean (the test
 * model averages over pixels, so channel order must matter for a wrong binding to show).
 */
export function inputData(length = 3072, seed = 7): Float32Array {
  const data = new Float32Array(length);
  let state = seed;
  for (let index = 0; index < length; index += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    data[index] = (0.5 + ((state >>> 0) % 10_000) / 10_000) * (1 + (3 * index) / length);
  }
  return data;
}

/**
 * Largest error allowed between OpenVINO's output and the float64 reference when compiled with
 * INFERENCE_PRECISION_HINT f32 (otherwise the CPU plugin may run in bf16 where the CPU has it, as
 * here with AMX, or with other rounding on AVX2-only CPUs). In f32 each output sums 27-term
 * convolutions averaged over the pixels and 4 products: relative error ~1e-6 of values below 10,
 * so 1e-3 is far above f32 rounding on any CPU path and far below the outputs' spread (~0.5), so a
 * wrong layout, channel order or input binding fails.
 */
export const f32Tolerance = 1e-3;
