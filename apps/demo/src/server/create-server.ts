import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { publicDirectory as defaultPublicDirectory } from '../config/paths.js';
import type { ClassificationService } from '../inference/classification-service.js';
import type { DetectionService } from '../inference/detection-service.js';
import type { SegmentationService } from '../inference/segmentation-service.js';
import type { StyleTransferService } from '../inference/style-transfer-service.js';
import { toErrorResponse } from './http-error.js';
import { JobLimiter } from './job-limiter.js';
import { ClientAbortedError, clientAborted } from './read-multipart-files.js';
import { registerClassifyRoute } from './routes/classify-route.js';
import { registerDetectRoute } from './routes/detect-route.js';
import { registerInfoRoute } from './routes/info-route.js';
import { registerSegmentRoute } from './routes/segment-route.js';
import { registerStylizeRoute } from './routes/stylize-route.js';

/** Uploads larger than this are refused with 413. */
export const DEFAULT_UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

/**
 * Time limits that keep slow or idle clients (slowloris) from holding connections, in milliseconds.
 * Node checks them every `checkIntervalMs`.
 */
export interface ServerTimeouts {
  /** The request line and headers must arrive within this (default 10 s). */
  headersMs: number;
  /** The whole request, body included, must arrive within this (default 60 s: 20 MB at ~350 KB/s). */
  requestMs: number;
  /** A connection with no traffic at all is closed after this (default 30 s). */
  idleMs: number;
  /** An idle keep-alive connection is closed after this (default 5 s). */
  keepAliveMs: number;
  /** How often Node checks the header and request time-outs (default 1 s). */
  checkIntervalMs: number;
}

/** The default {@link ServerTimeouts}. */
export const DEFAULT_SERVER_TIMEOUTS: Readonly<ServerTimeouts> = Object.freeze({
  headersMs: 10_000,
  requestMs: 60_000,
  idleMs: 30_000,
  keepAliveMs: 5_000,
  checkIntervalMs: 1_000,
});

/** Connections accepted at once (default); more wait in the kernel's backlog. */
export const DEFAULT_MAX_CONNECTIONS = 256;

/**
 * Image jobs (decode, inference, encode) run at once by default. Each is bounded by the decode
 * limits (up to ~100-300 MB for the largest image they let through, depending on libvips' threads),
 * so this, not the number of clients, bounds the server's memory.
 */
export const DEFAULT_MAX_CONCURRENT_JOBS = 2;

/** Image jobs that may wait for a slot by default; more are answered 503. */
export const DEFAULT_MAX_QUEUED_JOBS = 64;

/** Options of {@link createDemoServer}. */
export interface DemoServerOptions {
  /** Classification through `@hubvino/runtime`. */
  service: ClassificationService;
  /** Style transfer through `@hubvino/runtime`; adds `POST /api/stylize` when given. */
  styleTransfer?: StyleTransferService;
  /** Object detection through `@hubvino/runtime`; adds `POST /api/detect` when given. */
  detection?: DetectionService;
  /** Semantic segmentation through `@hubvino/runtime`; adds `POST /api/segment` when given. */
  segmentation?: SegmentationService;
  /** Largest accepted upload in bytes (default 20 MB). */
  uploadLimitBytes?: number;
  /** The page's static files (default `apps/demo/public`). */
  publicDirectory?: string;
  /** Time limits for slow clients (defaults {@link DEFAULT_SERVER_TIMEOUTS}). */
  timeouts?: Partial<ServerTimeouts>;
  /** Connections served at once (default {@link DEFAULT_MAX_CONNECTIONS}). */
  maxConnections?: number;
  /** Image jobs run at once (default {@link DEFAULT_MAX_CONCURRENT_JOBS}). */
  maxConcurrentJobs?: number;
  /** Image jobs waiting for a slot before 503 (default {@link DEFAULT_MAX_QUEUED_JOBS}). */
  maxQueuedJobs?: number;
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
  const timeouts = { ...DEFAULT_SERVER_TIMEOUTS, ...options.timeouts };
  const app = Fastify({
    logger: false,
    forceCloseConnections: true,
    connectionTimeout: timeouts.idleMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    requestTimeout: timeouts.requestMs,
    http: { headersTimeout: timeouts.headersMs, connectionsCheckingInterval: timeouts.checkIntervalMs },
  });
  app.server.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;

  await app.register(fastifyMultipart, {
    limits: { fileSize: uploadLimitBytes, files: 1, fields: 10, fieldSize: 1024, parts: 20 },
  });
  await app.register(fastifyStatic, { root: options.publicDirectory ?? defaultPublicDirectory, index: 'index.html' });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ClientAbortedError || clientAborted(request)) {
      // Nobody is left to answer, and it is not our failure: one line, no stack.
      log(`${request.method} ${request.url} aborted by the client`);
      return;
    }
    const { statusCode, body } = toErrorResponse(error);
    if (statusCode === 503) void reply.header('retry-after', '1');
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
  const jobs = new JobLimiter({
    concurrency: options.maxConcurrentJobs ?? DEFAULT_MAX_CONCURRENT_JOBS,
    maxQueued: options.maxQueuedJobs ?? DEFAULT_MAX_QUEUED_JOBS,
  });
  registerClassifyRoute(app, options.service, uploadLimitBytes, jobs);
  if (options.styleTransfer) registerStylizeRoute(app, options.styleTransfer, uploadLimitBytes, jobs);
  if (options.detection) registerDetectRoute(app, options.detection, uploadLimitBytes, jobs);
  if (options.segmentation) registerSegmentRoute(app, options.segmentation, uploadLimitBytes, jobs);
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
