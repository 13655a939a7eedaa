import type { FastifyInstance } from 'fastify';
import type { ClassificationService } from '../../inference/classification-service.js';
import { HttpError } from '../http-error.js';
import type { JobLimiter } from '../job-limiter.js';
import { readImageFiles } from '../read-multipart-files.js';

/** The multipart field that carries the image. */
export const IMAGE_FIELD = 'image';

function parseTopK(value: unknown): number | undefined {
  if (value === undefined || value === '') return undefined;
  const topK = Number(value);
  if (!Number.isInteger(topK) || topK < 1 || topK > 100) {
    throw new HttpError(
      400,
      'ERR_INVALID_ARGUMENT',
      `'topK' must be an integer from 1 to 100 (got ${JSON.stringify(value)}).`,
    );
  }
  return topK;
}

/**
 * `POST /api/classify?device=CPU&topK=5`: multipart/form-data with the image in the `image` field
 * and nothing else -> the {@link ClassificationResult} as JSON. Too large -> 413; not an image -> 415
 * (declared type) or 422 (undecodable bytes, too many pixels); unknown device, a cut-off body, an
 * unknown field or a second file -> 400.
 */
export function registerClassifyRoute(
  app: FastifyInstance,
  service: ClassificationService,
  uploadLimitBytes: number,
  jobs: JobLimiter,
): void {
  app.post<{ Querystring: { device?: string; topK?: string } }>('/api/classify', async (request) => {
    const device = request.query.device || undefined;
    const topK = parseTopK(request.query.topK);
    const files = await readImageFiles(request, [IMAGE_FIELD], uploadLimitBytes);
    const bytes = (files.get(IMAGE_FIELD) as { bytes: Buffer }).bytes;
    return jobs.run(() => service.classify(bytes, { ...(device ? { device } : {}), ...(topK ? { topK } : {}) }));
  });
}
