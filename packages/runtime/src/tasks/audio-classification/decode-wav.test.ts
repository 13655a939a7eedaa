import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WaveFile } from 'wavefile';
import { ArgumentError } from '../../errors/argument-error.js';
import { AudioDecodeError } from '../../errors/audio-decode-error.js';
import { AudioTooLongError } from '../../errors/audio-too-long-error.js';
import { temporaryDirectory } from '../../test-support/shared-data.js';
import { sine, wavBytes } from '../../test-support/test-wav.js';
import { decodeAudio } from './decode-wav.js';

let folder: Awaited<ReturnType<typeof temporaryDirectory>>;
beforeAll(async () => {
  folder = await temporaryDirectory('hubvino-wav-');
});
afterAll(() => folder.remove());

function maxDifference(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let index = 0; index < a.length; index += 1)
    worst = Math.max(worst, Math.abs((a[index] as number) - (b[index] as number)));
  return worst;
}

describe('decodeAudio', () => {
  it('decodes 16-bit, 24-bit, 32-bit, float and 8-bit unsigned PCM to floats in [-1, 1]', async () => {
    const tone = sine(440, 16000, 0.1);
    // Bounds: half a step of each format's rounding (8-bit: 0.5/128, ...); 32-bit integers are
    // read into float32, whose 24-bit mantissa limits them to ~3e-8 at 0.5.
    for (const [depth, bound] of [
      ['8', 0.5 / 128],
      ['16', 0.5 / 32768],
      ['24', 0.5 / 8388608],
      ['32', 1e-7],
      ['32f', 0],
    ] as const) {
      const decoded = await decodeAudio(wavBytes([tone], 16000, depth));
      expect(decoded.sampleRate).toBe(16000);
      expect(decoded.channels).toHaveLength(1);
      expect(decoded.channels[0]).toHaveLength(tone.length);
      expect(maxDifference(decoded.channels[0] as Float32Array, tone)).toBeLessThanOrEqual(bound + 1e-9);
    }
  });

  it('keeps stereo channels apart and reads the sample rate of a 48 kHz file', async () => {
    const left = sine(440, 48000, 0.05);
    const right = sine(1000, 48000, 0.05);
    const path = join(folder.path, 'stereo-48k.wav');
    await writeFile(path, wavBytes([left, right], 48000, '16'));
    const decoded = await decodeAudio(path);
    expect(decoded.sampleRate).toBe(48000);
    expect(decoded.channels).toHaveLength(2);
    expect(maxDifference(decoded.channels[0] as Float32Array, left)).toBeLessThanOrEqual(0.5 / 32768 + 1e-9);
    expect(maxDifference(decoded.channels[1] as Float32Array, right)).toBeLessThanOrEqual(0.5 / 32768 + 1e-9);
  });

  it('rejects bytes that are not a WAV file with AudioDecodeError naming the input', async () => {
    const path = join(folder.path, 'not-a-wav.wav');
    await writeFile(path, 'this is a text file, not RIFF audio');
    await expect(decodeAudio(path)).rejects.toSatisfy(
      (error) =>
        AudioDecodeError.isInstance(error) && error.code === 'ERR_AUDIO_DECODE' && error.message.includes(path),
    );
    await expect(decodeAudio(Buffer.from('GIF89a'))).rejects.toThrow(/Buffer\(6 bytes\).*WAV/);
  });

  it('rejects a zero-length WAV, an empty file and a missing file with their own codes', async () => {
    const empty = new WaveFile();
    empty.fromScratch(1, 16000, '16', new Int16Array(0));
    await expect(decodeAudio(empty.toBuffer())).rejects.toMatchObject({ code: 'ERR_AUDIO_EMPTY' });
    const zeroBytes = join(folder.path, 'zero.wav');
    await writeFile(zeroBytes, '');
    await expect(decodeAudio(zeroBytes)).rejects.toMatchObject({ code: 'ERR_AUDIO_EMPTY' });
    await expect(decodeAudio(join(folder.path, 'missing.wav'))).rejects.toMatchObject({ code: 'ERR_AUDIO_NOT_FOUND' });
    await expect(decodeAudio({ samples: new Float32Array(0), sampleRate: 16000 })).rejects.toMatchObject({
      code: 'ERR_AUDIO_EMPTY',
    });
  });

  it('refuses an hour-long WAV from its header, reading a few KiB, not its 115 MB of samples', async () => {
    // A real 1-hour 16 kHz mono 16-bit file: header by wavefile, then the file extended (sparse) to
    // the length the header claims.
    const header = new WaveFile();
    header.fromScratch(1, 16000, '16', new Int16Array(16));
    const bytes = header.toBuffer();
    const dataBytes = 3600 * 16000 * 2;
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    view.writeUInt32LE(36 + dataBytes, 4);
    view.writeUInt32LE(dataBytes, 40);
    const path = join(folder.path, 'hour.wav');
    const file = await open(path, 'w');
    await file.write(view.subarray(0, 44), 0, 44, 0);
    await file.truncate(44 + dataBytes);
    await file.close();
    const before = process.memoryUsage().rss;
    const error = await decodeAudio(path).catch((caught: unknown) => caught);
    expect(AudioTooLongError.isInstance(error)).toBe(true);
    expect((error as AudioTooLongError).durationSeconds).toBe(3600);
    expect((error as AudioTooLongError).message).toMatch(/hour\.wav is 3600\.0 s long, more than the limit of 600 s/);
    // Reading the samples would add >115 MB; the header check adds next to nothing.
    expect(process.memoryUsage().rss - before).toBeLessThan(32 * 1024 * 1024);
    // A higher limit is the caller's choice (checked, not silently capped).
    await expect(decodeAudio(path, { maxDurationSeconds: 0 })).rejects.toBeInstanceOf(ArgumentError);
  });

  it('checks PCM input: a Float32Array or equal-length channels and a positive sample rate', async () => {
    const tone = sine(440, 8000, 0.01);
    const decoded = await decodeAudio({ samples: tone, sampleRate: 8000 });
    expect(decoded.channels[0]).toBe(tone);
    await expect(decodeAudio({ samples: tone, sampleRate: 0 })).rejects.toThrow(/'audio.sampleRate'/);
    await expect(decodeAudio({ samples: [tone, tone.subarray(1)], sampleRate: 8000 })).rejects.toThrow(/same length/);
    await expect(decodeAudio({ samples: [1, 2, 3] as unknown as Float32Array, sampleRate: 8000 })).rejects.toThrow(
      /'audio.samples'/,
    );
    await expect(
      decodeAudio({ samples: tone, sampleRate: 8000 }, { maxDurationSeconds: 0.001 }),
    ).rejects.toBeInstanceOf(AudioTooLongError);
    await expect(decodeAudio(42 as never)).rejects.toBeInstanceOf(ArgumentError);
  });
});
