import libsamplerate from '@alexanderolsen/libsamplerate-js';
import type { DecodedAudio } from './audio-input.js';

// A CommonJS (UMD) module: Node's ESM loader sees only its default export.
const { ConverterType, create } = libsamplerate;

/** Averages the channels into one (a copy-free view when the audio is already mono). */
export function downmixToMono(channels: readonly Float32Array[]): Float32Array {
  const [first] = channels;
  if (first === undefined) return new Float32Array(0);
  if (channels.length === 1) return first;
  const mono = new Float32Array(first.length);
  for (const channel of channels) {
    for (let index = 0; index < mono.length; index += 1)
      mono[index] = (mono[index] as number) + (channel[index] as number);
  }
  const scale = 1 / channels.length;
  for (let index = 0; index < mono.length; index += 1) mono[index] = (mono[index] as number) * scale;
  return mono;
}

/**
 * Mono samples at `sampleRate`: channels averaged, then resampled with libsamplerate's
 * band-limited sinc converter (`SRC_SINC_MEDIUM_QUALITY`, 97 dB SNR, 90 % bandwidth; the WebAssembly
 * build in `@alexanderolsen/libsamplerate-js`). Audio already at `sampleRate` is not touched.
 */
export async function toMonoAt(audio: DecodedAudio, sampleRate: number): Promise<Float32Array> {
  const mono = downmixToMono(audio.channels);
  if (audio.sampleRate === sampleRate) return mono;
  const converter = await create(1, audio.sampleRate, sampleRate, {
    converterType: ConverterType.SRC_SINC_MEDIUM_QUALITY,
  });
  try {
    return converter.simple(mono);
  } finally {
    converter.destroy();
  }
}
