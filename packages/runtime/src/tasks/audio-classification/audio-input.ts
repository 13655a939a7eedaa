/**
 * Samples already in memory: floats in [-1, 1] at `sampleRate` Hz, one Float32Array (mono) or one
 * per channel (all of the same length).
 */
export interface PcmAudio {
  samples: Float32Array | readonly Float32Array[];
  sampleRate: number;
}

/** Anything hubvino accepts as audio: a WAV file path, a WAV file's bytes, or PCM samples. */
export type AudioInput = string | Uint8Array | PcmAudio;

/** Audio as the decoder returns it: one Float32Array per channel, floats in [-1, 1]. */
export interface DecodedAudio {
  channels: Float32Array[];
  sampleRate: number;
}

/** True when `value` has the shape of {@link PcmAudio} (checked further by the decoder). */
export function isPcmAudio(value: unknown): value is PcmAudio {
  return typeof value === 'object' && value !== null && !(value instanceof Uint8Array) && 'samples' in value;
}

/** A short human name for an input, used in error messages: the path, or e.g. `Buffer(12 bytes)`. */
export function describeAudioInput(input: unknown): string {
  if (typeof input === 'string') return input;
  if (input instanceof Uint8Array)
    return `${Buffer.isBuffer(input) ? 'Buffer' : 'Uint8Array'}(${input.byteLength} bytes)`;
  if (isPcmAudio(input)) {
    const channels = Array.isArray(input.samples) ? input.samples.length : 1;
    return `PCM audio (${channels} channel${channels === 1 ? '' : 's'} at ${String(input.sampleRate)} Hz)`;
  }
  return typeof input;
}
