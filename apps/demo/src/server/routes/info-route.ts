import type { FastifyInstance } from 'fastify';
import type { ClassificationService } from '../../inference/classification-service.js';

/** `GET /api/info`: the model, the OpenVINO version, the devices and the upload limit. */
export function registerInfoRoute(
  app: FastifyInstance,
  service: ClassificationService,
  uploadLimitBytes: number,
): void {
  app.get('/api/info', async () => ({ ...service.info(), uploadLimitBytes }));
  app.get('/api/health', async () => ({ status: 'ok' }));
}
