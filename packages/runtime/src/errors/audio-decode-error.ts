import { definedFields, HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';

const marker = 'hubvino.error.AudioDecodeError';
const symbol = Symbol.for(marker);

/** Options of {@link AudioDecodeError}. */
export interface AudioDecodeErrorOptions extends HubvinoErrorOptions {
  /** The input as the caller gave it: a file path, or a short description such as `Buffer(12 bytes)`. */
  input: string;
  /** `ERR_AUDIO_DECODE` (default), `ERR_AUDIO_EMPTY` (no samples) or `ERR_AUDIO_NOT_FOUND`. */
  code?: 'ERR_AUDIO_DECODE' | 'ERR_AUDIO_EMPTY' | 'ERR_AUDIO_NOT_FOUND';
}

/**
 * Audio could not be read or decoded: the bytes are not a WAV file, the WAV holds a compressed or
 * unsupported sample format, the file is missing, or it holds no samples. Category `usage`.
 */
export class AudioDecodeError extends HubvinoError {
  /** The input as the caller gave it: a file path, or a short description of a buffer. */
  readonly input: string;

  constructor(message: string, options: AudioDecodeErrorOptions) {
    super(message, { ...options, code: options.code ?? 'ERR_AUDIO_DECODE', category: 'usage' });
    this.name = 'AudioDecodeError';
    this.input = options.input;
    Object.defineProperty(this, symbol, { value: true });
  }

  /** True for an AudioDecodeError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is AudioDecodeError {
    return HubvinoError.hasMarker(value, marker);
  }

  protected override details(): Record<string, unknown> {
    return definedFields({ input: this.input });
  }
}
