import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { publicDirectory as defaultPublicDirectory } from '../config/paths.js';
import type { ClassificationService } from '../inference/classification-service.js';
import type { AudioService, PoseService } from '../inference/pose-audio-services.js';
import type { StyleTransferService } from '../inference/style-transfer-service.js';
import { toErrorResponse } from './http-error.js';
import { registerClassifyRoute } from './routes/classify-route.js';
import { registerInfoRoute } from './routes/info-route.js';
import { registerListenRoute } from './routes/listen-route.js';
import { registerPoseRoute } from './routes/pose-route.js';
import { registerStylizeRoute } from './routes/stylize-route.js';

/** Uploads larger than this are refused with 413. */
export const DEFAULT_UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

/** Options of {@link createDemoServer}. */
export interface DemoServerOptions {
  /** Classification through `@hubvino/runtime`. */
  service: ClassificationService;
  /** Style transfer through `@hubvino/runtime`; adds `POST /api/stylize` when given. */
  styleTransfer?: StyleTransferService;
  /** Pose estimation (MoveNet); adds `POST /api/pose` when given. */
  pose?: PoseService;
  /** Audio classification (YAMNet); adds `POST /api/listen` when given. */
  audio?: AudioService;
  /** Largest accepted upload in bytes (default 20 MB). */
  uploadLimitBytes?: number;
  /** The page's static files (default `apps/demo/public`). */
  publicDirectory?: string;
  /** Where server-side failures are reported (default: stderr). */
  log?: (line: string) => void;
}

/**
 * Builds the demo's HTTP server (not yet listening): the page at `/`, `GET /api/info`,
 * `GET /api/health` and `POST /api/classify`. Every error is answered as
 * `{ "error": { "code", "message" } }` and the server stays up.
 */
export async function createDemoServer(options: DemoServerOptions): Promise<FastifyInstance> {
  const uploadLimitBytes = options.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES;
  const log = options.log ?? ((line: string) => process.stderr.write(`demo: ${line}\n`));
  const app = Fastify({ logger: false, forceCloseConnections: true });

  await app.register(fastifyMultipart, {
    limits: { fileSize: uploadLimitBytes, files: 1, fields: 10, fieldSize: 1024, parts: 20 },
  });
  await app.register(fastifyStatic, { root: options.publicDirectory ?? defaultPublicDirectory, index: 'index.html' });

  app.setErrorHandler((error, request, reply) => {
    const { statusCode, body } = toErrorResponse(error);
    if (statusCode >= 500) {
      log(`${request.method} ${request.url} failed: ${(error as Error).stack ?? String(error)}`);
    }
    void reply.status(statusCode).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({
      error: { code: 'ERR_NOT_FOUND', message: `No such page or endpoint: ${request.method} ${request.url}` },
    });
  });

  registerInfoRoute(app, options.service, uploadLimitBytes);
  registerClassifyRoute(app, options.service, uploadLimitBytes);
  if (options.styleTransfer) registerStylizeRoute(app, options.styleTransfer, uploadLimitBytes);
  if (options.pose) registerPoseRoute(app, options.pose, uploadLimitBytes);
  if (options.audio) registerListenRoute(app, options.audio, uploadLimitBytes);
  return app;
}

/** A listening demo server. */
export interface RunningDemoServer {
  app: FastifyInstance;
  /** e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** Stops accepting connections and closes the open ones. */
  close(): Promise<void>;
}

/** Creates the server and listens on `host:port` (port 0 picks a free one). */
export async function startDemoServer(
  options: DemoServerOptions & { host?: string; port?: number },
): Promise<RunningDemoServer> {
  const app = await createDemoServer(options);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { app, url: `http://${shownHost}:${port}`, close: () => app.close() };
}
