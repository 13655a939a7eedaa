import type { FastifyInstance } from 'fastify';
import type { ClassificationService } from '../../inference/classification-service.js';
import { HttpError } from '../http-error.js';
import { readUploadedImage } from '../read-uploaded-image.js';

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
 * -> the {@link ClassificationResult} as JSON. Too large -> 413; not an image -> 415 (declared type)
 * or 422 (undecodable bytes); unknown device -> 400.
 */
export function registerClassifyRoute(
  app: FastifyInstance,
  service: ClassificationService,
  uploadLimitBytes: number,
): void {
  app.post<{ Querystring: { device?: string; topK?: string } }>('/api/classify', async (request) => {
    const bytes = await readUploadedImage(request, uploadLimitBytes);
    const device = request.query.device || undefined;
    const topK = parseTopK(request.query.topK);
    return service.classify(bytes, { ...(device ? { device } : {}), ...(topK ? { topK } : {}) });
  });
}
