import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeImage } from '@hubvino/runtime';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ClassificationService } from '../inference/classification-service.js';
import { createRuntimeClassificationService } from '../inference/runtime-classification-service.js';
import { createStyleTransferService, type StyleTransferService } from '../inference/style-transfer-service.js';
import { ensureStyleModels } from '../model/ensure-style-models.js';
import { colorDistance, styleFiles } from '../test-support/style-files.js';
import { zeroPng } from '../test-support/zero-png.js';
import { type RunningDemoServer, startDemoServer } from './create-server.js';

let styleRepository: string;
let service: ClassificationService;
let styleTransfer: StyleTransferService;
let server: RunningDemoServer;
let content: Buffer;
let style: Buffer;

async function postStylize(
  files: { content?: [Uint8Array, string]; style?: [Uint8Array, string] },
  query = '',
): Promise<Response> {
  const form = new FormData();
  if (files.content) form.append('content', new Blob([files.content[0]], { type: files.content[1] }), 'content.jpg');
  if (files.style) form.append('style', new Blob([files.style[0]], { type: files.style[1] }), 'style.jpg');
  return fetch(`${server.url}/api/stylize${query}`, { method: 'POST', body: form });
}

beforeAll(async () => {
  content = await readFile(styleFiles.tuebingen);
  style = await readFile(styleFiles.kandinsky);
  styleRepository = await mkdtemp(join(tmpdir(), 'hubvino-demo-style-'));
  // Converted from ../shared through @hubvino/converter, as the demo does on its first request.
  await ensureStyleModels({ repository: styleRepository, log: () => {} });
  service = await createRuntimeClassificationService({
    repository: inject('modelRepository'),
    name: 'mobilenet_v2',
    defaultDevice: 'CPU',
    log: () => {},
  });
  styleTransfer = createStyleTransferService({ repository: styleRepository, log: () => {} });
  server = await startDemoServer({ service, styleTransfer, host: '127.0.0.1', port: 0, log: () => {} });
});

afterAll(async () => {
  await server?.close();
  await service?.dispose();
  await styleTransfer?.dispose();
  await rm(styleRepository, { recursive: true, force: true });
});

describe('POST /api/stylize (real models, real OpenVINO, loopback HTTP)', () => {
  it("answers image/png of the content image's size, in the style image's colours", async () => {
    const response = await postStylize({ content: [content, 'image/jpeg'], style: [style, 'image/jpeg'] });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-hubvino-size')).toBe('640x480');
    expect(response.headers.get('x-hubvino-models')).toBe('magenta-prediction/1 magenta-transfer/1');
    expect(JSON.parse(response.headers.get('x-hubvino-timings') ?? '{}').total).toBeGreaterThan(0);
    const image = Buffer.from(await response.arrayBuffer());
    expect(image.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(await decodeImage(image)).toMatchObject({ width: 640, height: 480 });
    expect(await colorDistance(image, style)).toBeLessThan(0.8 * (await colorDistance(content, style)));
  });

  it('honours strength and format: strength 0 as JPEG stays closer to the content', async () => {
    const full = Buffer.from(
      await (await postStylize({ content: [content, 'image/jpeg'], style: [style, 'image/jpeg'] })).arrayBuffer(),
    );
    const response = await postStylize(
      { content: [content, 'image/jpeg'], style: [style, 'application/octet-stream'] },
      '?strength=0&format=jpeg',
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    const none = Buffer.from(await response.arrayBuffer());
    expect(await colorDistance(none, content)).toBeLessThan(await colorDistance(full, content));
  });

  it('refuses a strength outside [0, 1] and a missing style with 400', async () => {
    const bad = await postStylize({ content: [content, 'image/jpeg'], style: [style, 'image/jpeg'] }, '?strength=2');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { code: 'ERR_INVALID_ARGUMENT', message: expect.stringMatching(/strength/) },
    });
    const missing = await postStylize({ content: [content, 'image/jpeg'] });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      error: { code: 'ERR_NO_IMAGE', message: expect.stringMatching(/'style'/) },
    });
  });

  it('answers 422 for bytes that are not an image and 415 for a declared non-image, and keeps serving', async () => {
    const garbage = await postStylize({
      content: [Buffer.from('not an image at all'), 'image/jpeg'],
      style: [style, 'image/jpeg'],
    });
    expect(garbage.status).toBe(422);
    expect(await garbage.json()).toMatchObject({ error: { code: 'ERR_IMAGE_DECODE' } });
    const text = await postStylize({ content: [content, 'image/jpeg'], style: [Buffer.from('hello'), 'text/plain'] });
    expect(text.status).toBe(415);
    const good = await postStylize({ content: [content, 'image/jpeg'], style: [style, 'image/jpeg'] });
    expect(good.status).toBe(200);
  });

  it('answers a 10000x10000 content image with a result of at most 4 megapixels, and refuses a 100000000x1 one with 413', async () => {
    const huge = zeroPng(10_000, 10_000); // ~300 KB that decodes to 300 MB at full size
    const response = await postStylize({ content: [huge, 'image/png'], style: [style, 'image/jpeg'] });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-hubvino-size')).toBe('2048x2048');
    const image = Buffer.from(await response.arrayBuffer());
    expect(await decodeImage(image)).toMatchObject({ width: 2048, height: 2048 });
    const row = await postStylize({ content: [zeroPng(100_000_000, 1), 'image/png'], style: [style, 'image/jpeg'] });
    expect(row.status).toBe(413);
    expect(await row.json()).toMatchObject({ error: { code: 'ERR_IMAGE_DIMENSION_TOO_LARGE' } });
  });
});
