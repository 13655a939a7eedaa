import type { FastifyInstance } from 'fastify';
import type { SegmentationService } from '../../inference/segmentation-service.js';
import { readUploadedImage } from '../read-uploaded-image.js';

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
): void {
  app.post('/api/segment', async (request) => {
    const bytes = await readUploadedImage(request, uploadLimitBytes);
    const result = await service.segment(bytes);
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
