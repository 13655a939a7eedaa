import { HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';

/**
 * A caller passed a bad argument. The message names the argument and says what to pass instead,
 * e.g. `'topK' must be a positive integer (got -1)`.
 */
export class ArgumentError extends HubvinoError {
  /** The argument's name as the caller spelled it (`topK`, `--input-shape`). */
  readonly argument: string;

  constructor(argument: string, message: string, options: HubvinoErrorOptions = {}) {
    super('ERR_INVALID_ARGUMENT', 'usage', message, options);
    this.name = 'ArgumentError';
    this.argument = argument;
  }
}
