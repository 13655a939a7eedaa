const brand = Symbol.for('hubvino.openvino-node.error');

/** Stable codes of {@link OpenVinoNodeError}. */
export type OpenVinoNodeErrorCode =
  /** A call got arguments openvino-node's signature does not allow (the message is openvino-node's). */
  | 'ERR_OV_ARGUMENT'
  /** OpenVINO refused the call; the message carries OpenVINO's own text. */
  | 'ERR_OV_NATIVE'
  /** The call exists in openvino-node but cannot be served here (the message names it and why). */
  | 'ERR_OV_UNSUPPORTED';

/**
 * The error every call of this package throws. Its `name` stays `'Error'` and its message is
 * openvino-node's wording, so code that matches openvino-node's errors (`/^Error: .../`,
 * `err.message`) keeps working; `code` tells the kinds apart and `cause` holds the underlying
 * hubvino error, if any.
 */
export class OpenVinoNodeError extends Error {
  readonly code: OpenVinoNodeErrorCode;

  constructor(message: string, code: OpenVinoNodeErrorCode = 'ERR_OV_ARGUMENT', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'Error';
    this.code = code;
    Object.defineProperty(this, brand, { value: true });
  }

  /** True for an OpenVinoNodeError, also one from another copy of this package. */
  static isInstance(value: unknown): value is OpenVinoNodeError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}

/** openvino-node's message for a call with a signature it does not have. */
export function incorrectParameters(method: string): OpenVinoNodeError {
  return new OpenVinoNodeError(`'${method}' method called with incorrect parameters.`);
}

/**
 * Re-throws `error` as an OpenVinoNodeError: hubvino's OpenVINO failures keep OpenVINO's text
 * (the part openvino-node users match on), everything else its message.
 */
export function wrapNative(error: unknown): OpenVinoNodeError {
  if (OpenVinoNodeError.isInstance(error)) return error;
  const native = (error as { nativeMessage?: unknown }).nativeMessage;
  const message = error instanceof Error ? error.message : String(error);
  const text = typeof native === 'string' && native.length > 0 ? `${native}\n(${message})` : message;
  return new OpenVinoNodeError(text, 'ERR_OV_NATIVE', { cause: error });
}

/** Runs `action`, converting any failure with {@link wrapNative}. */
export function native<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    throw wrapNative(error);
  }
}

/** Awaits `promise`, converting any failure with {@link wrapNative}. */
export async function nativeAsync<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw wrapNative(error);
  }
}
