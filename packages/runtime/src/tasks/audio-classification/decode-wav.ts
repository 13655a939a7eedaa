import { open, readFile, stat } from 'node:fs/promises';
import wavefile from 'wavefile';
import { ArgumentError } from '../../errors/argument-error.js';
import { AudioDecodeError, type AudioDecodeErrorOptions } from '../../errors/audio-decode-error.js';
import { AudioTooLongError } from '../../errors/audio-too-long-error.js';
import { type AudioInput, type DecodedAudio, describeAudioInput, isPcmAudio, type PcmAudio } from './audio-input.js';

// A CommonJS module: Node's ESM loader sees only its default export.
const { WaveFile } = wavefile;
type WaveFile = InstanceType<typeof WaveFile>;

/**
 * Default ceiling on a clip's duration: 10 minutes. Longer clips are refused from the WAV header,
 * before their samples are read (a 10-minute 48 kHz stereo 16-bit WAV is 115 MB on disk, ~230 MB as
 * float channels); split longer recordings.
 */
export const DEFAULT_MAX_AUDIO_SECONDS = 600;

/** Bytes read to parse a WAV file's header chunks (`RIFF`, `fmt `, `data` size) before its samples. */
const HEADER_BYTES = 64 * 1024;

/** WAV sample formats decoded (wavefile's `bitDepth`): integer PCM 8 (unsigned) to 32 bit, float 32/64. */
const integerFullScale: Record<string, number> = { '8': 128, '16': 32768, '24': 8388608, '32': 2147483648 };
const floatDepths = new Set(['32f', '64']);

/** Options of {@link decodeAudio}. */
export interface DecodeAudioOptions {
  /** Refuse clips longer than this many seconds, from the header (default {@link DEFAULT_MAX_AUDIO_SECONDS}). */
  maxDurationSeconds?: number;
}

/**
 * Decodes audio to float channels in [-1, 1] with `wavefile`: WAV (RIFF/RF64/RIFX) with integer PCM
 * of 8 (unsigned), 16, 24 or 32 bits or IEEE float of 32 or 64 bits, any number of channels and any
 * sample rate; or PCM samples given as floats (checked, not copied).
 *
 * Memory is bounded: a file's header is read first (64 KiB), and a clip longer than
 * `maxDurationSeconds` is refused with {@link AudioTooLongError} before its samples are read.
 * @throws AudioDecodeError (`ERR_AUDIO_DECODE`, `ERR_AUDIO_EMPTY`, `ERR_AUDIO_NOT_FOUND`) naming the input.
 * @throws AudioTooLongError naming the duration and the limit.
 * @throws ArgumentError for an input that is neither a path, bytes nor PCM samples, or bad options.
 */
export async function decodeAudio(input: AudioInput, options: DecodeAudioOptions = {}): Promise<DecodedAudio> {
  const maxSeconds = options.maxDurationSeconds ?? DEFAULT_MAX_AUDIO_SECONDS;
  if (typeof maxSeconds !== 'number' || !(maxSeconds > 0) || !Number.isFinite(maxSeconds)) {
    throw argumentError(
      'maxDurationSeconds',
      `'maxDurationSeconds' must be a positive number of seconds (got ${String(options.maxDurationSeconds)})`,
    );
  }
  const name = describeAudioInput(input);
  if (isPcmAudio(input)) return checkPcm(input, name, maxSeconds);
  if (typeof input === 'string') {
    const size = await checkAudioFile(input);
    const head = await readHead(input, Math.min(size, HEADER_BYTES));
    checkHeader(parseWav(head, name, false), name, maxSeconds);
    return samplesOf(parseWav(await readFile(input), name, true), name);
  }
  if (input instanceof Uint8Array) {
    if (input.byteLength === 0) {
      throw audioError(name, `${name} is empty: expected the bytes of a WAV file.`, {
        code: 'ERR_AUDIO_EMPTY',
      });
    }
    const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    checkHeader(parseWav(bytes.subarray(0, HEADER_BYTES), name, false), name, maxSeconds);
    return samplesOf(parseWav(bytes, name, true), name);
  }
  throw argumentError(
    'audio',
    `'audio' must be a WAV file path, a Buffer/Uint8Array of WAV bytes, or PCM { samples: Float32Array, sampleRate } (got ${name})`,
  );
}

function checkPcm(input: PcmAudio, name: string, maxSeconds: number): DecodedAudio {
  const { sampleRate } = input;
  if (!Number.isSafeInteger(sampleRate) || sampleRate < 1) {
    throw argumentError(
      'audio.sampleRate',
      `'audio.sampleRate' must be a positive integer in Hz (got ${String(sampleRate)})`,
    );
  }
  const channels = input.samples instanceof Float32Array ? [input.samples] : input.samples;
  if (
    !Array.isArray(channels) ||
    channels.length === 0 ||
    !channels.every((channel) => channel instanceof Float32Array)
  ) {
    throw argumentError(
      'audio.samples',
      `'audio.samples' must be a Float32Array (mono) or a non-empty array of Float32Array channels`,
    );
  }
  const length = channels[0]?.length ?? 0;
  if (!channels.every((channel) => channel.length === length)) {
    throw argumentError('audio.samples', `'audio.samples' channels must all have the same length`);
  }
  if (length === 0) throw audioError(name, `${name} holds no samples.`, { code: 'ERR_AUDIO_EMPTY' });
  if (length / sampleRate > maxSeconds)
    throw AudioTooLongError.of({ input: name, durationSeconds: length / sampleRate, maxDurationSeconds: maxSeconds });
  return { channels: [...channels], sampleRate };
}

async function checkAudioFile(path: string): Promise<number> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw audioError(path, `${path} is not a file; pass the path of a WAV file.`);
    size = info.size;
  } catch (error) {
    if (AudioDecodeError.isInstance(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw audioError(
      path,
      code === 'ENOENT'
        ? `Audio file ${path} does not exist; check the path.`
        : `Cannot read audio file ${path}: ${(error as Error).message}`,
      { code: code === 'ENOENT' ? 'ERR_AUDIO_NOT_FOUND' : 'ERR_AUDIO_DECODE', cause: error },
    );
  }
  if (size === 0) throw audioError(path, `Audio file ${path} is empty (0 bytes).`, { code: 'ERR_AUDIO_EMPTY' });
  return size;
}

async function readHead(path: string, length: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(length);
    const { bytesRead } = await file.read(head, 0, length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

function parseWav(bytes: Uint8Array, name: string, samples: boolean): WaveFile {
  const wav = new WaveFile();
  try {
    wav.fromBuffer(bytes, samples);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw audioError(name, `Cannot decode ${name} as a WAV file (${reason}); pass a PCM or float WAV file.`, {
      cause: error,
    });
  }
  return wav;
}

interface WavFormat {
  audioFormat: number;
  numChannels: number;
  sampleRate: number;
  blockAlign: number;
}

/** Checks the format and the duration the header claims. */
function checkHeader(wav: WaveFile, name: string, maxSeconds: number): void {
  const format = wav.fmt as WavFormat;
  const bitDepth = wav.bitDepth;
  if (integerFullScale[bitDepth] === undefined && !floatDepths.has(bitDepth)) {
    throw audioError(
      name,
      `${name} holds ${bitDepth}-bit samples in WAV format ${format.audioFormat}, which hubvino does not decode; convert it to 16-bit PCM WAV.`,
    );
  }
  if (!(format.numChannels >= 1) || !(format.sampleRate >= 1) || !(format.blockAlign >= 1)) {
    throw audioError(
      name,
      `${name} has an invalid WAV header (${format.numChannels} channels at ${format.sampleRate} Hz).`,
    );
  }
  const dataBytes = (wav.data as { chunkSize: number }).chunkSize;
  if (!(dataBytes >= format.blockAlign)) {
    throw audioError(name, `${name} holds no samples.`, { code: 'ERR_AUDIO_EMPTY' });
  }
  const seconds = Math.floor(dataBytes / format.blockAlign) / format.sampleRate;
  if (seconds > maxSeconds)
    throw AudioTooLongError.of({ input: name, durationSeconds: seconds, maxDurationSeconds: maxSeconds });
}

/** The samples as float channels in [-1, 1]. */
function samplesOf(wav: WaveFile, name: string): DecodedAudio {
  const format = wav.fmt as WavFormat;
  let raw: Float32Array | Float32Array[];
  try {
    raw = wav.getSamples(false, Float32Array) as unknown as Float32Array | Float32Array[];
  } catch (error) {
    throw audioError(name, `Cannot read the samples of ${name} (${(error as Error).message}).`, {
      cause: error,
    });
  }
  const channels = format.numChannels === 1 ? [raw as Float32Array] : [...(raw as Float32Array[])];
  if ((channels[0]?.length ?? 0) === 0) {
    throw audioError(name, `${name} holds no samples.`, { code: 'ERR_AUDIO_EMPTY' });
  }
  const fullScale = integerFullScale[wav.bitDepth];
  if (fullScale !== undefined) {
    // 8-bit WAV is unsigned (silence = 128); wider integer PCM is signed.
    const offset = wav.bitDepth === '8' ? 128 : 0;
    for (const channel of channels) {
      for (let index = 0; index < channel.length; index += 1) {
        channel[index] = ((channel[index] as number) - offset) / fullScale;
      }
    }
  }
  return { channels, sampleRate: format.sampleRate };
}

function audioError(
  input: string,
  message: string,
  options: { code?: AudioDecodeErrorOptions['code']; cause?: unknown } = {},
): AudioDecodeError {
  return new AudioDecodeError(message, { ...options, input });
}

function argumentError(argument: string, message: string): ArgumentError {
  return new ArgumentError(message, { argument });
}
