import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ClassificationService } from '../inference/classification-service.js';
import { createRuntimeClassificationService } from '../inference/runtime-classification-service.js';
import { multipartBody, postHead, rawRequest } from '../test-support/raw-http.js';
import { GRACE_HOPPER_TOP1, sharedFiles } from '../test-support/shared-files.js';
import { zeroPng } from '../test-support/zero-png.js';
import { type RunningDemoServer, startDemoServer } from './create-server.js';

let service: ClassificationService;
let server: RunningDemoServer;
let graceHopper: Buffer;
const logLines: string[] = [];

beforeAll(async () => {
  graceHopper = await readFile(sharedFiles.graceHopper);
  service = await createRuntimeClassificationService({
    repository: inject('modelRepository'),
    name: 'mobilenet_v2',
    defaultDevice: 'CPU',
  });
  server = await startDemoServer({
    service,
    host: '127.0.0.1',
    port: 0,
    // Short limits so the slow-client tests take a second, not a minute.
    timeouts: { headersMs: 600, requestMs: 1500, idleMs: 3000, keepAliveMs: 500, checkIntervalMs: 100 },
    log: (line) => logLines.push(line),
  });
});

afterAll(async () => {
  await server?.close();
  await service?.dispose();
});

async function postForm(parts: Parameters<typeof multipartBody>[0], path = '/api/classify'): Promise<Response> {
  const { body, contentType } = multipartBody(parts);
  return fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
}

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

describe('demo server hardening (real model, loopback HTTP)', () => {
  it('answers a multipart body cut off mid-file with 400 ERR_BAD_MULTIPART, not a 500 with a stack', async () => {
    const { body, contentType } = multipartBody([
      { name: 'image', filename: 'grace.jpg', type: 'image/jpeg', data: graceHopper },
    ]);
    const cut = body.subarray(0, Math.floor(body.length / 2));
    // The client says it is done (half-close) after half of what Content-Length promised.
    const response = await rawRequest(server.url, postHead('/api/classify', contentType, body.length), cut, {
      end: true,
    });
    // Node's HTTP parser sees the body end early and answers 400 itself.
    expect(response.status).toBe(400);
    expect(response.text).not.toMatch(/ERR_INTERNAL|at .*\.js:\d+/);
    // A body whose closing boundary never comes, but whose length is honest, is refused the same way.
    const unterminated = body.subarray(0, body.length - 30);
    const second = await rawRequest(
      server.url,
      postHead('/api/classify', contentType, unterminated.length),
      unterminated,
    );
    expect(second.status).toBe(400);
    expect(second.text).toMatch(/ERR_BAD_MULTIPART/);
    expect(second.text).toMatch(/not complete/);
    expect(logLines.join('\n')).not.toMatch(/failed:/);
  });

  it('logs a client that disconnects mid-upload as an abort, without a 500 stack', async () => {
    const { body, contentType } = multipartBody([
      { name: 'image', filename: 'grace.jpg', type: 'image/jpeg', data: graceHopper },
    ]);
    const socket = connect(new URL(server.url).port as unknown as number, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(postHead('/api/classify', contentType, body.length));
    socket.write(body.subarray(0, 2000));
    await sleep(200);
    socket.destroy();
    for (let waited = 0; waited < 3000 && !logLines.some((line) => /aborted/.test(line)); waited += 50) await sleep(50);
    expect(logLines.some((line) => /POST \/api\/classify aborted by the client/.test(line))).toBe(true);
    expect(logLines.join('\n')).not.toMatch(/failed:|ERR_INTERNAL|\n\s+at /);
  });

  it('refuses a second file, a file in an unknown field and an unknown form field with 400 naming it', async () => {
    const twoImages = await postForm([
      { name: 'image', filename: 'a.jpg', type: 'image/jpeg', data: graceHopper },
      { name: 'image', filename: 'b.jpg', type: 'image/jpeg', data: graceHopper },
    ]);
    expect(twoImages.status).toBe(400);
    expect(await errorOf(twoImages)).toMatchObject({
      code: 'ERR_BAD_MULTIPART',
      message: expect.stringMatching(/more than one 'image'/),
    });

    const otherFile = await postForm([
      { name: 'image', filename: 'a.jpg', type: 'image/jpeg', data: graceHopper },
      { name: 'extra', filename: 'b.jpg', type: 'image/jpeg', data: graceHopper },
    ]);
    expect(otherFile.status).toBe(400);
    expect((await errorOf(otherFile)).message).toMatch(/'extra'/);

    const field = await postForm([
      { name: 'topK', data: '3' },
      { name: 'image', filename: 'a.jpg', type: 'image/jpeg', data: graceHopper },
    ]);
    expect(field.status).toBe(400);
    expect((await errorOf(field)).message).toMatch(/field 'topK'.*query string/);

    const good = await postForm([{ name: 'image', filename: 'a.jpg', type: 'image/jpeg', data: graceHopper }]);
    expect(good.status).toBe(200);
    expect(((await good.json()) as { predictions: { label: string }[] }).predictions[0]?.label).toBe(GRACE_HOPPER_TOP1);
  });

  it('refuses a 100000000x1 PNG (a 300 MB row in ~300 KB) with 413 from its header', async () => {
    const response = await postForm([
      { name: 'image', filename: 'row.png', type: 'image/png', data: zeroPng(100_000_000, 1) },
    ]);
    expect(response.status).toBe(413);
    expect(await errorOf(response)).toMatchObject({
      code: 'ERR_IMAGE_DIMENSION_TOO_LARGE',
      message: expect.stringMatching(/100000000x1/),
    });
  });

  it('closes connections whose headers or body come too slowly (slowloris) within the time-outs', async () => {
    // Headers that never finish: closed after headersMs (600 ms) plus one check interval.
    const slowHeaders = await rawRequest(server.url, 'POST /api/classify HTTP/1.1\r\nHost: 127.0.0.1\r\n', undefined, {
      timeoutMs: 5000,
    });
    expect(slowHeaders.closedAfterMs).toBeLessThan(2500);
    expect(slowHeaders.status === undefined || slowHeaders.status === 408).toBe(true);
    // A body that stops arriving: closed after requestMs (1500 ms).
    const { body, contentType } = multipartBody([
      { name: 'image', filename: 'a.jpg', type: 'image/jpeg', data: graceHopper },
    ]);
    const slowBody = await rawRequest(
      server.url,
      postHead('/api/classify', contentType, body.length),
      body.subarray(0, 100),
      {
        timeoutMs: 6000,
      },
    );
    expect(slowBody.closedAfterMs).toBeLessThan(4000);
    // The server still serves.
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });

  it('shows no absolute server path in /api/info', async () => {
    const text = await (await fetch(`${server.url}/api/info`)).text();
    expect(text).not.toContain(inject('modelRepository'));
    expect(text).not.toMatch(/"\/(tmp|work|home|root|usr)\//);
    const info = JSON.parse(text) as { model: { directory: string; name: string } };
    expect(info.model.directory).toMatch(/^mobilenet_v2\/\d+$/);
  });
});
