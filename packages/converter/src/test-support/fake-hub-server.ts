import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake storage answers one request for an archive. */
export type StorageBehaviour =
  | { kind: 'ok'; bytesPerSecond?: number }
  | { kind: 'cut'; afterBytes: number }
  | { kind: 'status'; status: number };

/** A model the fake hub serves under `/google/<name>/1` (tfhub.dev) -> Kaggle -> storage. */
export interface FakeModel {
  /** Gzip tar body (or TF Lite bytes for `tflite` models). */
  body: Buffer;
  tflite?: boolean;
  /** Behaviours for successive storage requests; the last one repeats. Default `[{ kind: 'ok' }]`. */
  behaviours?: StorageBehaviour[];
  /**
   * More tfhub.dev paths that redirect to this model's Kaggle page, as the real handles do, e.g.
   * `/google/magenta/arbitrary-image-stylization-v1-256/2` for Kaggle's
   * `google/arbitrary-image-stylization-v1/tensorFlow1/256/2`.
   */
  tfhubPaths?: string[];
  /** Kaggle framework / variation / version the aliases redirect to (default `TensorFlow2` / `default` / 1). */
  kaggle?: { framework: string; variation: string; version: number };
}

/** One request the server saw. */
export interface SeenRequest {
  path: string;
  query: string;
}

/** A running fake hub. */
export interface FakeHub {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** Host map that sends tfhub.dev and www.kaggle.com to this server. */
  hostMap: Record<string, string>;
  requests: SeenRequest[];
  /** Storage requests per model name. */
  storageRequests(name: string): number;
  close(): Promise<void>;
}

/**
 * A loopback HTTP server on 127.0.0.1 that behaves like tfhub.dev -> Kaggle -> storage:
 * - `GET /google/<name>/1?...` (as tfhub.dev): 302 to `https://www.kaggle.com/models/google/<name>/...`
 *   with the query kept;
 * - `GET /google/...` paths listed in a model's `tfhubPaths`: 302 to its Kaggle page;
 * - `GET /models/google/<name>/frameworks/<framework>/variations/<variation>/versions/<n>` or the
 *   short form `/models/google/<name>/<framework>/<variation>/<n>` (as Kaggle):
 *   without `tf-hub-format=compressed` an HTML page (as the real site), with it a 302 to
 *   `/storage/<name>.tar.gz`; TF Lite models need `lite-format=tflite` instead;
 * - `GET /storage/<name>.tar.gz`: the body, following the model's behaviours;
 * - anything else: 404.
 */
export async function startFakeHub(models: Record<string, FakeModel>): Promise<FakeHub> {
  const requests: SeenRequest[] = [];
  const storageCounts = new Map<string, number>();
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push({ path: url.pathname, query: url.search });
    const aliased = Object.entries(models).find(([, candidate]) => candidate.tfhubPaths?.includes(url.pathname));
    if (aliased) {
      const [name, candidate] = aliased;
      const kaggle = candidate.kaggle ?? { framework: 'TensorFlow2', variation: 'default', version: 1 };
      response.writeHead(302, {
        location: `https://www.kaggle.com/models/google/${name}/frameworks/${kaggle.framework}/variations/${kaggle.variation}/versions/${kaggle.version}${url.search}`,
      });
      response.end();
      return;
    }
    const hubMatch = /^\/google\/([^/]+)\/1$/.exec(url.pathname);
    if (hubMatch && models[hubMatch[1] as string]) {
      response.writeHead(302, {
        location: `https://www.kaggle.com/models/google/${hubMatch[1]}/frameworks/TensorFlow2/variations/default/versions/1${url.search}`,
      });
      response.end();
      return;
    }
    const kaggleMatch =
      /^\/models\/google\/([^/]+)\/frameworks\/[^/]+\/variations\/[^/]+\/versions\/\d+$/.exec(url.pathname) ??
      /^\/models\/google\/([^/]+)\/[^/]+\/[^/]+\/\d+$/.exec(url.pathname);
    const kaggleModel = kaggleMatch ? models[kaggleMatch[1] as string] : undefined;
    if (kaggleMatch && kaggleModel) {
      const wanted = kaggleModel.tflite
        ? url.searchParams.get('lite-format') === 'tflite'
        : url.searchParams.get('tf-hub-format') === 'compressed';
      if (!wanted) {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<!doctype html><html><body>Kaggle model page</body></html>');
        return;
      }
      response.writeHead(302, { location: `/storage/${kaggleMatch[1]}.tar.gz` });
      response.end();
      return;
    }
    const storageMatch = /^\/storage\/([^/]+)\.tar\.gz$/.exec(url.pathname);
    const model = storageMatch ? models[storageMatch[1] as string] : undefined;
    if (storageMatch && model) {
      const name = storageMatch[1] as string;
      const count = storageCounts.get(name) ?? 0;
      storageCounts.set(name, count + 1);
      const behaviours = model.behaviours ?? [{ kind: 'ok' }];
      const behaviour = behaviours[Math.min(count, behaviours.length - 1)] as StorageBehaviour;
      if (behaviour.kind === 'status') {
        response.writeHead(behaviour.status, { 'content-type': 'text/plain' });
        response.end(`status ${behaviour.status}`);
        return;
      }
      response.writeHead(200, {
        'content-type': model.tflite ? 'application/octet-stream' : 'application/x-tar',
        'content-length': String(model.body.length),
      });
      if (behaviour.kind === 'cut') {
        response.write(model.body.subarray(0, behaviour.afterBytes), () => {
          setTimeout(() => request.socket.destroy(), 20);
        });
        return;
      }
      const rate = behaviour.bytesPerSecond;
      if (!rate) {
        response.end(model.body);
        return;
      }
      const chunk = Math.max(1, Math.floor(rate / 20));
      let offset = 0;
      const timer = setInterval(() => {
        const next = model.body.subarray(offset, offset + chunk);
        offset += next.length;
        if (offset >= model.body.length) {
          clearInterval(timer);
          response.end(next);
        } else response.write(next);
      }, 50);
      response.on('close', () => clearInterval(timer));
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found');
  });
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    hostMap: { 'tfhub.dev': baseUrl, 'www.kaggle.com': baseUrl },
    requests,
    storageRequests: (name) => storageCounts.get(name) ?? 0,
    close: () =>
      new Promise<void>((resolvePromise) => {
        server.closeAllConnections();
        server.close(() => resolvePromise());
      }),
  };
}
