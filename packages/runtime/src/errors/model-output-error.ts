import { definedFields, HubvinoError, type HubvinoErrorOptions } from './hubvino-error.js';

const marker = 'hubvino.error.ModelOutputError';
const symbol = Symbol.for(marker);

/** Options of {@link ModelOutputError}. */
export interface ModelOutputErrorOptions extends HubvinoErrorOptions {
  /** The output that was asked for (its tensor name, or its index as a string). */
  output: string;
  /** The outputs the inference did return. */
  available: readonly string[];
  /** `ERR_OUTPUT_MISSING` (default) or `ERR_OUTPUT_ELEMENT_TYPE` (present, but not the element type the task reads). */
  code?: 'ERR_OUTPUT_MISSING' | 'ERR_OUTPUT_ELEMENT_TYPE';
}

/**
 * An inference did not return the output a task reads, or returned it in another element type:
 * the compiled model does not match what the task was prepared for. Category `runtime`.
 */
export class ModelOutputError extends HubvinoError {
  /** The output that was asked for. */
  readonly output: string;
  /** The outputs the inference did return. */
  readonly available: readonly string[];

  constructor(message: string, options: ModelOutputErrorOptions) {
    super(message, { ...options, code: options.code ?? 'ERR_OUTPUT_MISSING', category: 'runtime' });
    this.name = 'ModelOutputError';
    this.output = options.output;
    this.available = Object.freeze([...options.available]);
    Object.defineProperty(this, symbol, { value: true });
  }

  /** True for a ModelOutputError, even one from another installed copy of the package. */
  static override isInstance(value: unknown): value is ModelOutputError {
    return HubvinoError.hasMarker(value, marker);
  }

  protected override details(): Record<string, unknown> {
    return definedFields({ output: this.output, available: [...this.available] });
  }
}
