import { HubvinoError, type HubvinoErrorOptions } from '@hubvino/runtime/errors';

/**
 * `ovc` could not convert the model (an unsupported op, a shape that does not fit, a crash) or the
 * result could not be published (an unwritable repository, a version that already exists).
 * Exit code class `conversion` (4). No version folder is left behind.
 */
export class ConversionError extends HubvinoError {
  /** The last lines `ovc` printed, when it ran. */
  readonly toolOutput: string | undefined;

  constructor(message: string, options: HubvinoErrorOptions & { code?: string; toolOutput?: string } = {}) {
    super(options.code ?? 'ERR_CONVERSION', 'conversion', message, options);
    this.name = 'ConversionError';
    this.toolOutput = options.toolOutput;
  }
}
