import { definedFields, HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';

const marker = 'hubvino.error.AudioTooLongError';
const symbol = Symbol.for(marker);

/** Options of {@link AudioTooLongError}. */
export interface AudioTooLongErrorOptions extends HubvinoErrorOptions {
  /** The input as the caller gave it: a file path, or a short description of a buffer. */
  input: string;
  /** Duration the header claims, in seconds. */
  durationSeconds: number;
  /** The limit that was exceeded, in seconds. */
  maxDurationSeconds: number;
}

/**
 * Audio is longer than the configured limit. Raised from the WAV header, before the samples are
 * read, so an hour-long recording costs a few bytes of reading, not hundreds of megabytes.
 * Code `ERR_AUDIO_TOO_LONG`, category `usage`; {@link AudioTooLongError.of} builds the message.
 */
export class AudioTooLongError extends HubvinoError {
  readonly input: string;
  readonly durationSeconds: number;
  readonly maxDurationSeconds: number;

  constructor(message: string, options: AudioTooLongErrorOptions) {
    super(message, { ...options, code: 'ERR_AUDIO_TOO_LONG', category: 'usage' });
    this.name = 'AudioTooLongError';
    this.input = options.input;
    this.durationSeconds = options.durationSeconds;
    this.maxDurationSeconds = options.maxDurationSeconds;
    Object.defineProperty(this, symbol, { value: true });
  }

  /** The error for a clip over the limit, with the standard message. */
  static of(options: AudioTooLongErrorOptions): AudioTooLongError {
    const { input, durationSeconds, maxDurationSeconds } = options;
    return new AudioTooLongError(
      `${input} is ${durationSeconds.toFixed(1)} s long, more than the limit of ${maxDurationSeconds} s; pass a shorter clip (split it) or raise 'maxDurationSeconds'.`,
      options,
    );
  }

  /** True for an AudioTooLongError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is AudioTooLongError {
    return HubvinoError.hasMarker(value, marker);
  }

  protected override details(): Record<string, unknown> {
    return definedFields({
      input: this.input,
      durationSeconds: this.durationSeconds,
      maxDurationSeconds: this.maxDurationSeconds,
    });
  }
}
