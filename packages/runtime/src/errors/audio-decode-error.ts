import { HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';

/**
 * Audio could not be read or decoded: the bytes are not a WAV file, the WAV holds a compressed or
 * unsupported sample format, the file is missing, or it holds no samples. `input` names what was
 * given (a path, or e.g. `Buffer(12 bytes)`). `code` is `ERR_AUDIO_DECODE`, `ERR_AUDIO_EMPTY` (no
 * samples) or `ERR_AUDIO_NOT_FOUND` (a path that does not exist).
 */
export class AudioDecodeError extends HubvinoError {
  /** The input as the caller gave it: a file path, or a short description of a buffer. */
  readonly input: string;

  constructor(input: string, message: string, options: HubvinoErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'ERR_AUDIO_DECODE', 'usage', message, options);
    this.name = 'AudioDecodeError';
    this.input = input;
  }

  /** True for an AudioDecodeError, even one thrown by another installed copy of the package. */
  static override isInstance(value: unknown): value is AudioDecodeError {
    return HubvinoError.isInstance(value) && value.name === 'AudioDecodeError';
  }
}
