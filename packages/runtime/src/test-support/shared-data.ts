import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The read-only shared data folder (`/work/shared`), beside the repository. */
export const sharedDirectory = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', '..', 'shared');

/** The genuine TF Lite MobileNetV2 1.0 224 uint8 model (see shared/PROVENANCE.md). */
export const mobilenetV2QuantTflite = join(
  sharedDirectory,
  'models',
  'mobilenet_v2_100_224',
  'tflite_quant',
  'mobilenet_v2_1.0_224_quant.tflite',
);

/** Creates a temporary folder; call the returned function to remove it. */
export async function temporaryDirectory(
  prefix = 'hubvino-test-',
): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** A deterministic pseudo-random byte sequence (xorshift), so tests are reproducible. */
export function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0 || 1;
  for (let index = 0; index < length; index += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[index] = state & 0xff;
  }
  return bytes;
}

/** The elements of a numeric (not 64-bit) tensor as a plain array; [] when the tensor is missing. */
export function numbers(tensor: { data: ArrayLike<number | bigint> } | undefined): number[] {
  return tensor ? Array.from(tensor.data as ArrayLike<number>) : [];
}
