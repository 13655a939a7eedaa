import type { FastifyInstance } from 'fastify';
import type { AudioService } from '../../inference/pose-audio-services.js';
import { HttpError } from '../http-error.js';
import type { JobLimiter } from '../job-limiter.js';
import { readSingleUpload } from '../read-single-upload.js';

const audioTypes = new Set(['audio/wav', 'audio/wave', 'audio/x-wav', 'audio/vnd.wave', 'audio/x-pn-wav']);

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
 * `POST /api/listen?topK=5`: multipart/form-data with a WAV file in the `audio` field -> JSON
 * `{ model, durationSeconds, sampleRate, classes: [{ label, score, index }], windows: [{ start, end, classes }], timings }`.
 * Errors as /api/classify: 400 bad form or topK, 413 too large (upload or over 10 minutes), 415 not a
 * WAV (declared type), 422 undecodable or empty audio, 503 when the model cannot be made.
 */
export function registerListenRoute(
  app: FastifyInstance,
  service: AudioService,
  uploadLimitBytes: number,
  jobs: JobLimiter,
): void {
  app.post<{ Querystring: { topK?: string } }>('/api/listen', async (request) => {
    const topK = parseTopK(request.query.topK);
    const { bytes } = await readSingleUpload(request, uploadLimitBytes, {
      field: 'audio',
      kind: 'a WAV file',
      acceptsType: (type) => audioTypes.has(type),
      formats: 'WAV (PCM or float)',
    });
    const result = await jobs.run(() => service.classify(bytes, topK === undefined ? {} : { topK }));
    return {
      model: result.model,
      durationSeconds: result.durationSeconds,
      sampleRate: result.sampleRate,
      classes: result.classes,
      windows: result.windows,
      timings: result.timings,
    };
  });
}
