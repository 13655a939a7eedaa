import { describe, expect, it } from 'vitest';
import { sine } from '../../test-support/test-wav.js';
import { audioWindow, meanScores, windowCount } from './audio-windows.js';
import { downmixToMono, toMonoAt } from './resample-mono.js';

const yamnet = { windowSamples: 15600, hopSamples: 7680 };

describe('YAMNet framing', () => {
  it('makes one window up to 0.975 s, then one more per started 0.48 s hop (features.pad_waveform)', () => {
    expect(windowCount(0, yamnet)).toBe(0);
    expect(windowCount(1, yamnet)).toBe(1);
    expect(windowCount(15600, yamnet)).toBe(1);
    expect(windowCount(15601, yamnet)).toBe(2);
    expect(windowCount(15600 + 7680, yamnet)).toBe(2);
    expect(windowCount(15600 + 7681, yamnet)).toBe(3);
    // speech.wav: 68360 samples -> 1 + ceil(52760 / 7680) = 8 windows.
    expect(windowCount(68360, yamnet)).toBe(8);
  });

  it('cuts windows every hop and zero-pads the last one', () => {
    const samples = Float32Array.from({ length: 20000 }, (_, index) => index + 1);
    const first = audioWindow(samples, 0, yamnet);
    expect(first).toHaveLength(15600);
    expect(first[0]).toBe(1);
    const last = audioWindow(samples, 1, yamnet);
    expect(last).toHaveLength(15600);
    expect(last[0]).toBe(7681);
    expect(last[20000 - 7680 - 1]).toBe(20000);
    expect(last[20000 - 7680]).toBe(0);
    expect(last[15599]).toBe(0);
  });

  it('averages scores over windows', () => {
    expect(Array.from(meanScores([Float32Array.of(1, 0), Float32Array.of(0, 0.5)], 2))).toEqual([0.5, 0.25]);
    expect(Array.from(meanScores([], 2))).toEqual([0, 0]);
  });
});

describe('mono at the model rate', () => {
  it('averages channels', () => {
    expect(Array.from(downmixToMono([Float32Array.of(1, 0.5), Float32Array.of(0, -0.5)]))).toEqual([0.5, 0]);
  });

  it('resamples 48 kHz to 16 kHz keeping a 1 kHz tone and removing a 10 kHz one (above 8 kHz Nyquist)', async () => {
    const tone = await toMonoAt({ channels: [sine(1000, 48000, 1)], sampleRate: 48000 }, 16000);
    // libsamplerate keeps the length within its filter delay (a few samples).
    expect(Math.abs(tone.length - 16000)).toBeLessThan(64);
    // Against the ideal 16 kHz tone: the sinc converter's 97 dB SNR leaves < 1e-3 (measured 2.5e-7).
    const ideal = sine(1000, 16000, 1);
    let worst = 0;
    for (let index = 200; index < tone.length - 200; index += 1) {
      worst = Math.max(worst, Math.abs((tone[index] as number) - (ideal[index] as number)));
    }
    expect(worst).toBeLessThan(1e-3);
    const alias = await toMonoAt({ channels: [sine(10000, 48000, 1)], sampleRate: 48000 }, 16000);
    let energy = 0;
    for (let index = 200; index < alias.length - 200; index += 1) energy += (alias[index] as number) ** 2;
    // An unfiltered decimation would fold it to a 6 kHz tone of RMS 0.35.
    expect(Math.sqrt(energy / (alias.length - 400))).toBeLessThan(1e-3);
  });

  it('leaves audio already at the rate untouched', async () => {
    const samples = sine(440, 16000, 0.1);
    expect(await toMonoAt({ channels: [samples], sampleRate: 16000 }, 16000)).toBe(samples);
  });
});
