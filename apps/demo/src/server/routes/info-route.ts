import { basename } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ClassificationService } from '../../inference/classification-service.js';

/**
 * `GET /api/info`: the model, the OpenVINO version, the devices and the upload limit. Never the
 * server's own paths: the model folder is shown relative to the repository (`<name>/<version>`).
 */
export function registerInfoRoute(
  app: FastifyInstance,
  service: ClassificationService,
  uploadLimitBytes: number,
): void {
  app.get('/api/info', async () => {
    const info = service.info();
    const { directory: _directory, ...model } = info.model;
    // A local source is a path on this machine: its file name says enough.
    const source = /^https?:\/\//.test(model.source) ? model.source : basename(model.source);
    return { ...info, model: { ...model, source, directory: `${model.name}/${model.version}` }, uploadLimitBytes };
  });
  app.get('/api/health', async () => ({ status: 'ok' }));
}
