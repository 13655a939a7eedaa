import { once } from 'node:events';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemoteModelError } from '../errors/remote-model-error.js';
import { RemoteRequestError } from '../errors/remote-request-error.js';
import { RemoteTimeoutError } from '../errors/remote-timeout-error.js';
import { RemoteUnavailableError } from '../errors/remote-unavailable-error.js';
import { temporaryDirectory } from '../test-support/shared-data.js';
import { writeElementwiseModel } from '../test-support/tiny-ir.js';
import { KServeClient } from './kserve-client.js';
import { type KServeModelServer, startKServeModelServer } from './kserve-model-server.js';
import { RemoteModel } from './remote-model.js';

// A real kserve ModelServer (the serving toolchain's `kserve` wheel) on 127.0.0.1 serving a tiny IR
// whose answer is plain arithmetic: output = input + [1, 2, 3]. Version 2 is the only version.
let scratch: string;
let server: KServeModelServer;
const constant = [1, 2, 3];

beforeAll(async () => {
  scratch = (await temporaryDirectory('hubvino-kserve-client-')).path;
  const version = join(scratch, 'serving', 'add3', '2');
  await mkdir(version, { recursive: true });
  await writeElementwiseModel(version, {
    name: 'model',
    operation: 'Add',
    inputShape: [-1, 3],
    constant,
    inputName: 'x',
    outputName: 'y',
  });
  const config = join(scratch, 'serving', 'config.json');
  await writeFile(
    config,
    JSON.stringify({
      model_config_list: [{ config: { name: 'add3', base_path: 'add3', model_version_policy: { all: {} } } }],
    }),
  );
  server = await startKServeModelServer({ config });
});

afterAll(async () => {
  await server?.stop();
  await rm(scratch, { recursive: true, force: true });
});

const input = (rows: number[][]) => ({
  elementType: 'f32' as const,
  shape: [rows.length, 3],
  data: Float32Array.from(rows.flat()),
});

describe('KServeClient against a kserve ModelServer', () => {
  it('reads readiness and metadata (inputs, outputs, datatypes, dynamic dimensions)', async () => {
    const client = new KServeClient(server.endpoint);
    try {
      expect(await client.serverReady()).toBe(true);
      expect(await client.modelReady('add3')).toBe(true);
      const metadata = await client.modelMetadata('add3');
      expect(metadata.inputs).toEqual([{ name: 'x', datatype: 'FP32', elementType: 'f32', shape: [-1, 3] }]);
      expect(metadata.outputs).toEqual([{ name: 'y', datatype: 'FP32', elementType: 'f32', shape: [-1, 3] }]);
    } finally {
      await client.close();
    }
  });

  it('sends and receives binary tensors: the server adds the constant to every row', async () => {
    using model = await RemoteModel.connect({ endpoint: server.endpoint, model: 'add3' });
    const rows = [
      [0.5, -1, 1e6],
      [-3.25, 0, 7],
    ];
    const { outputs } = await model.infer({ x: input(rows) });
    expect(outputs.y?.shape).toEqual([2, 3]);
    expect(Array.from(outputs.y?.data as Float32Array)).toEqual(
      rows.flatMap((row) => row.map((value, index) => Math.fround(value + (constant[index] as number)))),
    );
  });

  it('falls back from the 501 /versions/{v} routes and checks the version the server reports', async () => {
    using model = await RemoteModel.connect({ endpoint: server.endpoint, model: 'add3', version: 2 });
    const { modelVersion } = await model.infer({ x: input([[1, 1, 1]]) });
    expect(modelVersion).toBe('2');
    const client = new KServeClient(server.endpoint);
    try {
      const error = await client.infer('add3', 5, [{ name: 'x', ...input([[1, 1, 1]]) }]).catch((caught) => caught);
      expect(RemoteModelError.isInstance(error)).toBe(true);
      expect(error.message).toContain('version 2, not the version 5');
    } finally {
      await client.close();
    }
  });

  it('rejects a model the server does not serve with RemoteModelError naming the server', async () => {
    const error = await RemoteModel.connect({ endpoint: server.endpoint, model: 'nope' }).catch((caught) => caught);
    expect(RemoteModelError.isInstance(error)).toBe(true);
    expect(error.message).toContain(server.endpoint);
    expect(error.message).toContain("'nope'");
    expect(error.status).toBe(404);
  });

  it('reports a wrong input as RemoteRequestError with what the server answered', async () => {
    using model = await RemoteModel.connect({ endpoint: server.endpoint, model: 'add3' });
    const error = await model.infer({ wrong: input([[1, 2, 3]]) }).catch((caught) => caught);
    expect(RemoteRequestError.isInstance(error)).toBe(true);
    expect(error.status).toBeGreaterThanOrEqual(400);
    expect(error.serverMessage).toContain("no input 'wrong'");
  });
});

describe('KServeClient failures', () => {
  it('gives RemoteUnavailableError, not a hang, when nothing listens (after its retries)', async () => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as AddressInfo;
    probe.close();
    await once(probe, 'close');
    const client = new KServeClient(`http://127.0.0.1:${port}`, { retry: { retries: 2, initialDelayMs: 10 } });
    const error = await client.modelMetadata('m').catch((caught) => caught);
    await client.close();
    expect(RemoteUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toContain('connection refused');
  });

  describe('with a loopback server that misbehaves on purpose', () => {
    let loopback: Server;
    let endpoint: string;
    let answered503 = 0;
    let connections = 0;
    let inFlight = 0;
    let mostInFlight = 0;
    beforeAll(async () => {
      loopback = createServer((request, response) => {
        if (request.url?.startsWith('/v2/models/counted')) {
          inFlight += 1;
          mostInFlight = Math.max(mostInFlight, inFlight);
          setTimeout(() => {
            inFlight -= 1;
            response.writeHead(200, { 'content-type': 'application/json' });
            response.end(JSON.stringify({ name: 'counted', versions: [], platform: '', inputs: [], outputs: [] }));
          }, 20);
          return;
        }
        if (request.url?.startsWith('/v2/models/slow')) return; // never answers
        if (request.url?.startsWith('/v2/models/busy')) {
          answered503 += 1;
          response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' });
          response.end(JSON.stringify({ error: 'model is loading' }));
          return;
        }
        if (request.url?.startsWith('/v2/models/flaky')) {
          answered503 += 1;
          if (answered503 % 3 !== 0) {
            response.writeHead(503).end();
            return;
          }
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ name: 'flaky', versions: ['1'], platform: 'x', inputs: [], outputs: [] }));
          return;
        }
        response.writeHead(404).end();
      });
      loopback.on('connection', () => {
        connections += 1;
      });
      loopback.listen(0, '127.0.0.1');
      await once(loopback, 'listening');
      endpoint = `http://127.0.0.1:${(loopback.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      loopback.closeAllConnections();
      loopback.close();
    });

    it('reuses kept-alive connections: 20 sequential calls open at most 2', async () => {
      const client = new KServeClient(endpoint);
      const before = connections;
      for (let call = 0; call < 20; call += 1) await client.modelMetadata('counted');
      await client.close();
      // undici's pool may open a second connection when the next call is dispatched before the
      // first connection has finished its bookkeeping of the previous answer (measured: 2); without
      // keep-alive it would be 20.
      expect(connections - before).toBeLessThanOrEqual(2);
    });

    it('keeps at most maxConcurrency calls in flight and queues the rest', async () => {
      const client = new KServeClient(endpoint, { maxConcurrency: 4 });
      mostInFlight = 0;
      const answers = await Promise.all(Array.from({ length: 24 }, () => client.modelMetadata('counted')));
      await client.close();
      expect(answers).toHaveLength(24);
      expect(mostInFlight).toBe(4);
    });

    it('times out with RemoteTimeoutError naming the call and the limit', async () => {
      const client = new KServeClient(endpoint, { timeoutMs: 300 });
      const started = Date.now();
      const error = await client.modelMetadata('slow').catch((caught) => caught);
      await client.close();
      expect(RemoteTimeoutError.isInstance(error)).toBe(true);
      expect(error.message).toContain(`${endpoint}/v2/models/slow`);
      expect(error.message).toContain('300 ms');
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it('retries 503 answers with back-off and succeeds when the server recovers', async () => {
      answered503 = 0;
      const client = new KServeClient(endpoint, { retry: { retries: 3, initialDelayMs: 5 } });
      const metadata = await client.modelMetadata('flaky');
      await client.close();
      expect(metadata.name).toBe('flaky');
      expect(answered503).toBe(3);
    });

    it('gives up on 503 after its retries with RemoteUnavailableError carrying the server message', async () => {
      answered503 = 0;
      const client = new KServeClient(endpoint, { retry: { retries: 2, initialDelayMs: 5 } });
      const error = await client.modelMetadata('busy').catch((caught) => caught);
      await client.close();
      expect(answered503).toBe(3);
      expect(RemoteUnavailableError.isInstance(error)).toBe(true);
      expect(error.status).toBe(503);
      expect(error.serverMessage).toBe('model is loading');
    });
  });
});
