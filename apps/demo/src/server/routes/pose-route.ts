import type { FastifyInstance } from 'fastify';
import type { PoseService } from '../../inference/pose-audio-services.js';
import type { JobLimiter } from '../job-limiter.js';
import { readSingleUpload } from '../read-single-upload.js';

/**
 * `POST /api/pose`: multipart/form-data with the photo in the `image` field -> JSON
 * `{ model, width, height, score, keypoints: [{ name, x, y, score }], skeleton: [[from, to]], timings }`,
 * keypoints in the photo's pixels. Errors as /api/classify: 400 bad form, 413 too large, 415 not an
 * image (declared type), 422 undecodable or empty, 503 when the model cannot be made.
 */
export function registerPoseRoute(
  app: FastifyInstance,
  service: PoseService,
  uploadLimitBytes: number,
  jobs: JobLimiter,
): void {
  app.post('/api/pose', async (request) => {
    const { bytes } = await readSingleUpload(request, uploadLimitBytes, {
      field: 'image',
      kind: 'an image',
      acceptsType: (type) => type.startsWith('image/'),
      formats: 'JPEG, PNG, WebP, GIF, TIFF, AVIF or BMP',
    });
    const pose = await jobs.run(() => service.estimate(bytes));
    return {
      model: pose.model,
      width: pose.width,
      height: pose.height,
      score: pose.score,
      keypoints: pose.keypoints,
      skeleton: pose.skeleton,
      timings: pose.timings,
    };
  });
}
