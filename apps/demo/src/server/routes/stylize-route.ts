import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StyleTransferService } from '../../inference/style-transfer-service.js';
import { describeStyleModels } from '../../model/ensure-style-models.js';
import { HttpError } from '../http-error.js';
import type { JobLimiter } from '../job-limiter.js';
import { readImageFiles } from '../read-multipart-files.js';

/** The multipart fields that carry the two images. */
export const CONTENT_FIELD = 'content';
export const STYLE_FIELD = 'style';

/** Reads the `content` and `style` files of a multipart request (and refuses anything else). */
async function readImages(
  request: FastifyRequest,
  uploadLimitBytes: number,
): Promise<{ content: Buffer; style: Buffer }> {
  const files = await readImageFiles(request, [CONTENT_FIELD, STYLE_FIELD], uploadLimitBytes);
  return {
    content: (files.get(CONTENT_FIELD) as { bytes: Buffer }).bytes,
    style: (files.get(STYLE_FIELD) as { bytes: Buffer }).bytes,
  };
}

function parseStrength(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const strength = Number(value);
  if (!Number.isFinite(strength) || strength < 0 || strength > 1) {
    throw new HttpError(
      400,
      'ERR_INVALID_ARGUMENT',
      `'strength' must be a number from 0 to 1 (got ${JSON.stringify(value)}).`,
    );
  }
  return strength;
}

function parseFormat(value: string | undefined): 'png' | 'jpeg' | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'png' || value === 'jpeg') return value;
  throw new HttpError(400, 'ERR_INVALID_ARGUMENT', `'format' must be png or jpeg (got ${JSON.stringify(value)}).`);
}

/**
 * `POST /api/stylize?strength=0.8&format=png`: multipart/form-data with the `content` and `style`
 * images -> the stylized image (`image/png` or `image/jpeg`) at the content image's size (at most 4 megapixels). The
 * `X-Hubvino-Timings` header holds the server's timings as JSON, `X-Hubvino-Models` the
 * artifacts (two parts, or the one-piece model), `X-Hubvino-Style-Form` `two-part` or `one-piece`
 * (which takes strength 1 only: another strength is a 400 naming `strength`). Errors: 400 bad strength/format/form, 413 too large, 415 not an image, 422
 * undecodable bytes, 503 when the style models cannot be made.
 */
export function registerStylizeRoute(
  app: FastifyInstance,
  service: StyleTransferService,
  uploadLimitBytes: number,
  jobs: JobLimiter,
): void {
  app.post<{ Querystring: { strength?: string; format?: string } }>('/api/stylize', async (request, reply) => {
    const strength = parseStrength(request.query.strength);
    const format = parseFormat(request.query.format);
    const { content, style } = await readImages(request, uploadLimitBytes);
    const result = await jobs.run(() =>
      service.stylize(content, style, {
        ...(strength === undefined ? {} : { strength }),
        ...(format === undefined ? {} : { format }),
      }),
    );
    return reply
      .type(result.mimeType)
      .header('x-hubvino-timings', JSON.stringify(result.timings))
      .header('x-hubvino-models', describeStyleModels(result.models))
      .header('x-hubvino-style-form', result.models.form)
      .header('x-hubvino-size', `${result.width}x${result.height}`)
      .send(result.image);
  });
}
