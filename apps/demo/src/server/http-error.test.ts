import {
  ArgumentError,
  ArtifactNotFoundError,
  DisposedError,
  ImageDecodeError,
  ImageTooLargeError,
} from '@hubvino/runtime';
import { describe, expect, it } from 'vitest';
import { HttpError, toErrorResponse } from './http-error.js';

describe('toErrorResponse', () => {
  it('answers undecodable images with 422 and oversized images with 413, keeping the message', () => {
    const decode = toErrorResponse(
      new ImageDecodeError('Cannot decode Buffer(3 bytes) as an image', { input: 'Buffer(3 bytes)' }),
    );
    expect(decode).toEqual({
      statusCode: 422,
      body: { error: { code: 'ERR_IMAGE_DECODE', message: 'Cannot decode Buffer(3 bytes) as an image' } },
    });
    expect(
      toErrorResponse(ImageTooLargeError.of({ input: 'x.png', width: 30000, height: 30000, maxPixels: 100_000_000 }))
        .statusCode,
    ).toBe(413);
  });

  it('answers bad arguments with 400, a missing model with 503 and a stopping service with 503', () => {
    expect(toErrorResponse(new ArgumentError("'device' must be one of CPU", { argument: 'device' })).statusCode).toBe(
      400,
    );
    expect(toErrorResponse(new ArtifactNotFoundError('No model')).statusCode).toBe(503);
    expect(toErrorResponse(DisposedError.of('ClassificationService')).statusCode).toBe(503);
  });

  it('keeps the status of HttpError and of fastify 4xx errors', () => {
    expect(toErrorResponse(new HttpError(415, 'ERR_X', 'not an image')).statusCode).toBe(415);
    const fastifyError = Object.assign(new Error('Body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    expect(toErrorResponse(fastifyError)).toEqual({
      statusCode: 413,
      body: { error: { code: 'FST_ERR_CTP_BODY_TOO_LARGE', message: 'Body is too large' } },
    });
  });

  it('hides the details of unexpected errors behind a 500', () => {
    const response = toErrorResponse(new Error('segfault details'));
    expect(response.statusCode).toBe(500);
    expect(response.body.error.message).not.toMatch(/segfault/);
  });
});
