import { open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WaveFile } from 'wavefile';
import { ArgumentError } from '../../errors/argument-error.js';
import { AudioDecodeError } from '../../errors/audio-decode-error.js';
import { AudioTooLongError } from '../../errors/audio-too-long-error.js';
import { DisposedError } from '../../errors/disposed-error.js';
import type { PropertyMap } from '../../properties.js';
import {
  speechWav,
  writeMovenetArtifact,
  writeYamnetArtifact,
  yamnetTflite,
} from '../../test-support/pose-audio-artifacts.js';
import { temporaryDirectory } from '../../test-support/shared-data.js';
import { runTfliteInterpreter } from '../../test-support/tflite-reference.js';
import { AudioClassifier } from './audio-classifier.js';

/** The CPU precision paths a user can get (see pose-estimator.integration.test.ts). */
const paths: { name: string; config: PropertyMap }[] = [
  { name: 'f32, low precision off', config: { INFERENCE_PRECISION_HINT: 'f32', LP_TRANSFORMS_MODE: 'NO' } },
  { name: 'f32, low precision on', config: { INFERENCE_PRECISION_HINT: 'f32' } },
  { name: 'CPU default precision, low precision on', config: {} },
  { name: 'CPU default precision, low precision off', config: { LP_TRANSFORMS_MODE: 'NO' } },
];

const WINDOW = 15600;
const HOP = 7680;
const CLASSES = 521;

let folder: Awaited<ReturnType<typeof temporaryDirectory>>;
/** speech.wav's samples as wavefile reads them (16-bit / 32768). */
let speech: Float32Array;
/** TF Lite interpreter scores of every YAMNet window of speech.wav, window after window. */
let interpreterScores: Float32Array;
let windowTotal: number;

beforeAll(async () => {
  folder = await temporaryDirectory('hubvino-yamnet-');
  await writeYamnetArtifact(folder.path);
  const wav = new WaveFile(await readFile(speechWav));
  speech = Float32Array.from(wav.getSamples(false, Float64Array) as unknown as Float64Array, (value) => value / 32768);
  // YAMNet's framing (research/audioset/yamnet features.pad_waveform): a window, then one per 0.48 s
  // hop until every sample is covered, the last zero-padded.
  windowTotal = 1 + Math.ceil(Math.max(0, speech.length - WINDOW) / HOP);
  const windows = new Float32Array(windowTotal * WINDOW);
  for (let index = 0; index < windowTotal; index += 1) {
    windows.set(speech.subarray(index * HOP, Math.min(speech.length, index * HOP + WINDOW)), index * WINDOW);
  }
  interpreterScores = await runTfliteInterpreter(yamnetTflite, windows);
}, 180_000);
afterAll(() => folder?.remove());

/** A WAV of `samples` written by wavefile with another resampler and bit depth than the clip's. */
function variant(
  samples: Float32Array,
  options: { sampleRate: number; channels: number; bitDepth: '8' | '16' },
): Uint8Array {
  const wav = new WaveFile();
  wav.fromScratch(
    1,
    16000,
    '16',
    Int16Array.from(samples, (value) => Math.round(value * 32767)),
  );
  // wavefile's own sinc resampler (wave-resampler), independent of the classifier's libsamplerate.
  if (options.sampleRate !== 16000) wav.toSampleRate(options.sampleRate, { method: 'sinc' });
  const mono = Int16Array.from(wav.getSamples(false, Float64Array) as unknown as Float64Array);
  const out = new WaveFile();
  out.fromScratch(
    options.channels,
    options.sampleRate,
    options.bitDepth,
    options.bitDepth === '8'
      ? Array.from({ length: options.channels }, () => Uint8Array.from(mono, (value) => Math.round(value / 256) + 128))
      : Array.from({ length: options.channels }, () => mono),
  );
  return out.toBuffer();
}

describe('AudioClassifier with YAMNet', () => {
  it('puts "Speech" first for speech.wav, with 8 windows 0.48 s apart and timings', async () => {
    using classifier = await AudioClassifier.load(folder.path, 'yamnet');
    expect(classifier.audio).toEqual({ sampleRate: 16000, windowSamples: WINDOW, hopSamples: HOP });
    const result = await classifier.classify(speechWav, { topK: 3 });
    expect(result.classes[0]).toMatchObject({ label: 'Speech', index: 0 });
    expect(result.classes).toHaveLength(3);
    expect(result.durationSeconds).toBeCloseTo(68360 / 16000, 6);
    expect(result.sampleRate).toBe(16000);
    expect(result.windows).toHaveLength(windowTotal);
    expect(windowTotal).toBe(8);
    expect(result.windows[1]).toMatchObject({ start: 0.48, end: 0.48 + 0.975 });
    expect(result.windows.every((window) => window.classes.length === 3)).toBe(true);
    expect(result.timings.infer).toBeGreaterThan(0);
  });

  // Measured on this Xeon (AVX-512 VNNI, AMX, BF16) on all four paths and with
  // ONEDNN_MAX_CPU_ISA=AVX2 on f32 with low precision on (under that emulation the other paths do not
  // compile: the plugin still sees BF16/AMX in CPUID). Largest |score diff| over all windows and
  // classes: 0.0039 on f32 paths (one step of the model's 1/256 output quantization), 0.0234 with
  // bf16; every window's top-1 agreed; top-5 overlap >= 0.975. Bounds: 0.06, 7 of 8 windows, 0.9.
  for (const path of paths) {
    it(`scores every window like the TF Lite interpreter (${path.name})`, async () => {
      using classifier = await AudioClassifier.load(folder.path, 'yamnet', { config: path.config });
      const result = await classifier.classify(speechWav, { topK: CLASSES });
      expect(result.windows).toHaveLength(windowTotal);
      let worst = 0;
      let top1 = 0;
      let top5 = 0;
      for (const [index, window] of result.windows.entries()) {
        const reference = Array.from(interpreterScores.subarray(index * CLASSES, (index + 1) * CLASSES));
        const scores = new Float32Array(CLASSES);
        for (const item of window.classes) scores[item.index] = item.score;
        for (let item = 0; item < CLASSES; item += 1) {
          worst = Math.max(worst, Math.abs((scores[item] as number) - (reference[item] as number)));
        }
        const order = reference.map((score, item) => [score, item] as const).sort((a, b) => b[0] - a[0]);
        if (order[0]?.[1] === window.classes[0]?.index) top1 += 1;
        const ours = new Set(window.classes.slice(0, 5).map((item) => item.index));
        top5 += order.slice(0, 5).filter(([, item]) => ours.has(item)).length / 5;
      }
      expect(worst).toBeLessThan(0.06);
      expect(top1).toBeGreaterThanOrEqual(windowTotal - 1);
      expect(top5 / windowTotal).toBeGreaterThanOrEqual(0.9);
      expect(result.classes[0]?.label).toBe('Speech');
    });
  }

  it('classifies a stereo 8-bit 48 kHz copy and PCM floats like the 16 kHz mono original', async () => {
    using classifier = await AudioClassifier.load(folder.path, 'yamnet', {
      config: { INFERENCE_PRECISION_HINT: 'f32' },
    });
    const original = await classifier.classify(speechWav, { topK: 1 });
    const copy = await classifier.classify(variant(speech, { sampleRate: 48000, channels: 2, bitDepth: '8' }), {
      topK: 1,
    });
    expect(copy.sampleRate).toBe(48000);
    expect(copy.classes[0]?.label).toBe('Speech');
    // Measured 0.968 vs 0.978: 8-bit noise and two resamplers cost about 0.01.
    expect(Math.abs((copy.classes[0]?.score ?? 0) - (original.classes[0]?.score ?? 0))).toBeLessThan(0.05);
    expect(copy.windows).toHaveLength(windowTotal);
    const pcm = await classifier.classify({ samples: speech, sampleRate: 16000 }, { topK: 1 });
    expect(pcm.classes).toEqual(original.classes);
    expect(pcm.windows.map((window) => window.classes)).toEqual(original.windows.map((window) => window.classes));
  });

  it('rejects audio that is not WAV, empty or an hour long with typed errors, and handles a 0.1 s clip', async () => {
    using classifier = await AudioClassifier.load(folder.path, 'yamnet');
    await expect(classifier.classify(Buffer.from('RIFF....WAVEnot really'))).rejects.toBeInstanceOf(AudioDecodeError);
    const empty = new WaveFile();
    empty.fromScratch(1, 16000, '16', new Int16Array(0));
    await expect(classifier.classify(empty.toBuffer())).rejects.toMatchObject({ code: 'ERR_AUDIO_EMPTY' });
    const hour = join(folder.path, 'hour.wav');
    const header = Buffer.from(variant(new Float32Array(16), { sampleRate: 16000, channels: 1, bitDepth: '16' }));
    header.writeUInt32LE(36 + 3600 * 32000, 4);
    header.writeUInt32LE(3600 * 32000, 40);
    const file = await open(hour, 'w');
    await file.write(header.subarray(0, 44), 0, 44, 0);
    await file.truncate(44 + 3600 * 32000);
    await file.close();
    await expect(classifier.classify(hour)).rejects.toBeInstanceOf(AudioTooLongError);
    const short = join(folder.path, 'short.wav');
    await writeFile(short, variant(speech.subarray(0, 1600), { sampleRate: 16000, channels: 1, bitDepth: '16' }));
    const result = await classifier.classify(short);
    expect(result.windows).toHaveLength(1);
    await expect(classifier.classify(speechWav, { topK: 0 })).rejects.toBeInstanceOf(ArgumentError);
  });

  it('refuses a pose model and use after dispose', async () => {
    await writeMovenetArtifact(folder.path, 'movenet');
    await expect(AudioClassifier.load(folder.path, 'movenet')).rejects.toThrow(
      /is a pose-estimation model, not an audio classifier/,
    );
    const classifier = await AudioClassifier.load(folder.path, 'yamnet');
    classifier.dispose();
    await expect(classifier.classify(speechWav)).rejects.toBeInstanceOf(DisposedError);
  });
});
