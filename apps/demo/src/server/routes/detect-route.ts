import type { FastifyInstance } from 'fastify';
import type { DetectionService } from '../../inference/detection-service.js';
import { HttpError } from '../http-error.js';
import type { JobLimiter } from '../job-limiter.js';
import { readImageFiles } from '../read-multipart-files.js';

/** The multipart field that carries the image. */
const IMAGE_FIELD = 'image';

function parseNumber(name: string, value: string | undefined, check: (number: number) => boolean, rule: string) {
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || !check(number)) {
    throw new HttpError(400, 'ERR_INVALID_ARGUMENT', `'${name}' must be ${rule} (got ${JSON.stringify(value)}).`);
  }
  return number;
}

/**
 * `POST /api/detect?scoreThreshold=0.4&maxResults=10`: multipart/form-data with the image in the
 * `image` field -> `{ detections: [{ label, index, score, box: { x, y, width, height } }], model,
 * device, timings }`, boxes in the image's pixels. Upload errors and the job limit as `/api/classify`; bad
 * query -> 400.
 */
export function registerDetectRoute(
  app: FastifyInstance,
  service: DetectionService,
  uploadLimitBytes: number,
  jobs: JobLimiter,
): void {
  app.post<{ Querystring: { scoreThreshold?: string; maxResults?: string } }>('/api/detect', async (request) => {
    const scoreThreshold = parseNumber(
      'scoreThreshold',
      request.query.scoreThreshold,
      (value) => value >= 0 && value <= 1,
      'a number from 0 to 1',
    );
    const maxResults = parseNumber(
      'maxResults',
      request.query.maxResults,
      (value) => Number.isInteger(value) && value >= 1 && value <= 100,
      'an integer from 1 to 100',
    );
    const files = await readImageFiles(request, [IMAGE_FIELD], uploadLimitBytes);
    const bytes = (files.get(IMAGE_FIELD) as { bytes: Buffer }).bytes;
    return jobs.run(() =>
      service.detect(bytes, {
        ...(scoreThreshold === undefined ? {} : { scoreThreshold }),
        ...(maxResults === undefined ? {} : { maxResults }),
      }),
    );
  });
}
