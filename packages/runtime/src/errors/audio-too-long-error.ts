import { HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';

/**
 * Audio is longer than the configured limit. Raised from the WAV header, before the samples are
 * read, so an hour-long recording costs a few bytes of reading, not hundreds of megabytes.
 */
export class AudioTooLongError extends HubvinoError {
  /** The input as the caller gave it: a file path, or a short description of a buffer. */
  readonly input: string;
  /** Duration the header claims, in seconds. */
  readonly durationSeconds: number;
  /** The limit that was exceeded, in seconds. */
  readonly maxDurationSeconds: number;

  constructor(input: string, durationSeconds: number, maxDurationSeconds: number, options: HubvinoErrorOptions = {}) {
    super(
      'ERR_AUDIO_TOO_LONG',
      'usage',
      `${input} is ${durationSeconds.toFixed(1)} s long, more than the limit of ${maxDurationSeconds} s; pass a shorter clip (split it) or raise 'maxDurationSeconds'.`,
      options,
    );
    this.name = 'AudioTooLongError';
    this.input = input;
    this.durationSeconds = durationSeconds;
    this.maxDurationSeconds = maxDurationSeconds;
  }

  /** True for an AudioTooLongError, even one thrown by another installed copy of the package. */
  static override isInstance(value: unknown): value is AudioTooLongError {
    return HubvinoError.isInstance(value) && value.name === 'AudioTooLongError';
  }
}
