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

/** Deterministic input values in [0.5, 1.5) (xorshift), like openvino-node's `Math.random() + 0.5`. */
export function inputData(length = 3072, seed = 7): Float32Array {
  const data = new Float32Array(length);
  let state = seed;
  for (let index = 0; index < length; index += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    data[index] = 0.5 + ((state >>> 0) % 10_000) / 10_000;
  }
  return data;
}

/**
 * Largest error allowed between OpenVINO's output and the float64 reference when compiled with
 * INFERENCE_PRECISION_HINT f32 (otherwise the CPU plugin may run in bf16 where the CPU has it, as
 * here with AMX). f32 accumulation of 3072 products each below 1.5 * 8/64 bounds the error by about
 * 3072 * 2^-24 * 576 ~ 0.1 in the worst case; observed ~1e-5. 1e-3 is far below the spread of the
 * outputs (~1), so a wrong weight layout or input binding fails.
 */
export const f32Tolerance = 1e-3;
