import { HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';

/**
 * An image could not be read or decoded: the bytes are not an image in a supported format, the file
 * is missing or empty, or the image has no pixels. `input` names what was given (a path, or e.g.
 * `Buffer(12 bytes)`). `code` is `ERR_IMAGE_DECODE`, or `ERR_IMAGE_EMPTY` for zero bytes / zero pixels,
 * or `ERR_IMAGE_NOT_FOUND` for a path that does not exist.
 */
export class ImageDecodeError extends HubvinoError {
  /** The input as the caller gave it: a file path, or a short description of a buffer. */
  readonly input: string;

  constructor(input: string, message: string, options: HubvinoErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'ERR_IMAGE_DECODE', 'usage', message, options);
    this.name = 'ImageDecodeError';
    this.input = input;
  }
}
