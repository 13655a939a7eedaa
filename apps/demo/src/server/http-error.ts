import { HubvinoError } from '@hubvino/runtime';

/** The JSON body of every error response: `{ "error": { "code", "message" } }`. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/** An error the server answers with a chosen status code and a message meant for the user. */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: string;

  constructor(statusCode: number, code: string, message: string) {
    super(message);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.code = code;
  }
}

const statusByHubvinoCode: Readonly<Record<string, number>> = {
  ERR_IMAGE_DECODE: 422,
  ERR_IMAGE_EMPTY: 422,
  ERR_IMAGE_TOO_LARGE: 413,
  ERR_AUDIO_DECODE: 422,
  ERR_AUDIO_EMPTY: 422,
  ERR_AUDIO_TOO_LONG: 413,
  ERR_IMAGE_DIMENSION_TOO_LARGE: 413,
  // The models were disposed: the demo is shutting down.
  ERR_DISPOSED: 503,
};

const statusByCategory: Readonly<Record<string, number>> = {
  usage: 400,
  artifact: 503,
  toolchain: 503,
};

/**
 * Turns anything thrown while handling a request into a status code and an {@link ErrorBody}.
 * Fastify's own errors keep their 4xx status; hubvino errors map by code, then by category;
 * anything else is a 500 whose details stay in the server's log.
 */
export function toErrorResponse(error: unknown): { statusCode: number; body: ErrorBody } {
  if (error instanceof HttpError) {
    return { statusCode: error.statusCode, body: { error: { code: error.code, message: error.message } } };
  }
  if (HubvinoError.isInstance(error)) {
    const statusCode = statusByHubvinoCode[error.code] ?? statusByCategory[error.category] ?? 500;
    return { statusCode, body: { error: { code: error.code, message: error.message } } };
  }
  const candidate = error as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (typeof candidate.statusCode === 'number' && candidate.statusCode >= 400 && candidate.statusCode < 500) {
    return {
      statusCode: candidate.statusCode,
      body: {
        error: {
          code: typeof candidate.code === 'string' ? candidate.code : 'ERR_BAD_REQUEST',
          message: typeof candidate.message === 'string' ? candidate.message : 'Bad request.',
        },
      },
    };
  }
  return {
    statusCode: 500,
    body: { error: { code: 'ERR_INTERNAL', message: 'The server failed to handle the request; see its log.' } },
  };
}
