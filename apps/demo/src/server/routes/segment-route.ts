import type { FastifyInstance } from 'fastify';
import type { SegmentationService } from '../../inference/segmentation-service.js';
import type { JobLimiter } from '../job-limiter.js';
import { readImageFiles } from '../read-multipart-files.js';

/** The multipart field that carries the image. */
const IMAGE_FIELD = 'image';

/**
 * `POST /api/segment`: multipart/form-data with the image in the `image` field -> `{ width, height,
 * classes: [{ index, label, color, fraction }], labels, overlay: "data:image/png;base64,...", model,
 * device, timings }` (the per-pixel mask stays on the server: the page shows the overlay and the
 * legend; `demo segment --mask` writes the mask). Upload errors as `/api/classify`.
 */
export function registerSegmentRoute(
  app: FastifyInstance,
  service: SegmentationService,
  uploadLimitBytes: number,
  jobs: JobLimiter,
): void {
  app.post('/api/segment', async (request) => {
    const files = await readImageFiles(request, [IMAGE_FIELD], uploadLimitBytes);
    const bytes = (files.get(IMAGE_FIELD) as { bytes: Buffer }).bytes;
    const result = await jobs.run(() => service.segment(bytes));
    return {
      width: result.width,
      height: result.height,
      classes: result.classes,
      labels: result.labels,
      overlay: `data:image/png;base64,${result.overlay.toString('base64')}`,
      model: result.model,
      device: result.device,
      timings: result.timings,
    };
  });
}
