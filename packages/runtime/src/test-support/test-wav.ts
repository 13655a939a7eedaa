import { WaveFile } from 'wavefile';

/** A sine wave of `seconds` at `frequency` Hz and `sampleRate`, amplitude 0.5. */
export function sine(frequency: number, sampleRate: number, seconds: number): Float32Array {
  const samples = new Float32Array(Math.round(sampleRate * seconds));
  for (let index = 0; index < samples.length; index += 1) {
    samples[index] = 0.5 * Math.sin((2 * Math.PI * frequency * index) / sampleRate);
  }
  return samples;
}

/**
 * WAV bytes: `channels` of floats in [-1, 1] quantised here (round to nearest, 8-bit offset by 128)
 * and written by wavefile as `bitDepth` ('8' unsigned, '16', '24', '32' integer PCM or '32f' float).
 * (wavefile's own float-to-int conversion truncates through parseInt, which misreads tiny values
 * printed in exponent notation, so it is not used.)
 */
export function wavBytes(
  channels: Float32Array[],
  sampleRate: number,
  bitDepth: '8' | '16' | '24' | '32' | '32f',
): Uint8Array {
  const wav = new WaveFile();
  const fullScale = { '8': 128, '16': 32768, '24': 8388608, '32': 2147483648, '32f': 1 }[bitDepth];
  const offset = bitDepth === '8' ? 128 : 0;
  const quantised = channels.map((channel) =>
    Float64Array.from(channel, (value) =>
      bitDepth === '32f'
        ? value
        : Math.min(fullScale - 1, Math.max(-fullScale, Math.round(value * fullScale))) + offset,
    ),
  );
  wav.fromScratch(
    channels.length,
    sampleRate,
    bitDepth,
    channels.length === 1 ? (quantised[0] as Float64Array) : quantised,
  );
  return wav.toBuffer();
}
