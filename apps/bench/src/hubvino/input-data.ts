import { Tensor } from '@hubvino/runtime';

/**
 * Deterministic pseudo-random input data (like benchmark_app's random fill): floats in [0, 1) or
 * bytes 0..255, from a small xorshift generator so every run feeds the same values.
 */
export function randomInputData(elementType: 'f32' | 'u8', size: number, seed = 1): Float32Array | Uint8Array {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  if (elementType === 'u8') {
    const data = new Uint8Array(size);
    for (let index = 0; index < size; index += 1) data[index] = next() & 0xff;
    return data;
  }
  const data = new Float32Array(size);
  for (let index = 0; index < size; index += 1) data[index] = next() / 0x1_0000_0000;
  return data;
}

/**
 * A Tensor filled once with {@link randomInputData}, its data in a SharedArrayBuffer
 * (`Tensor.createShared`): OpenVINO reads it in place, as benchmark_app infers on tensors it filled
 * once, instead of hubvino copying it in at every inference.
 */
export function randomInputTensor(elementType: 'f32' | 'u8', shape: readonly number[], seed = 1): Tensor {
  const tensor = Tensor.createShared(elementType, shape);
  tensor.data.set(randomInputData(elementType, tensor.size, seed) as never);
  return tensor;
}
