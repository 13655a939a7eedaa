import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ClassificationResult, ClassificationService } from '../inference/classification-service.js';
import { createRuntimeClassificationService } from '../inference/runtime-classification-service.js';
import { GRACE_HOPPER_TOP1, sharedFiles } from '../test-support/shared-files.js';
import { type RunningDemoServer, startDemoServer } from './create-server.js';

let service: ClassificationService;
let server: RunningDemoServer;
let graceHopper: Buffer;

async function postImage(bytes: Uint8Array, type: string, fileName: string, query = ''): Promise<Response> {
  const form = new FormData();
  form.append('image', new Blob([bytes], { type }), fileName);
  return fetch(`${server.url}/api/classify${query}`, { method: 'POST', body: form });
}

beforeAll(async () => {
  graceHopper = await readFile(sharedFiles.graceHopper);
  service = await createRuntimeClassificationService({
    repository: inject('modelRepository'),
    name: 'mobilenet_v2',
    defaultDevice: 'CPU',
    log: () => {},
  });
  server = await startDemoServer({ service, host: '127.0.0.1', port: 0, log: () => {} });
});

afterAll(async () => {
  await server?.close();
  await service?.dispose();
});

describe('demo HTTP server (real model, real OpenVINO, loopback HTTP)', () => {
  it('classifies grace_hopper.jpg as "military uniform" with timings, model and device', async () => {
    const response = await postImage(graceHopper, 'image/jpeg', 'grace_hopper.jpg');
    expect(response.status).toBe(200);
    const result = (await response.json()) as ClassificationResult;
    expect(result.predictions).toHaveLength(5);
    expect(result.predictions[0]?.label).toBe(GRACE_HOPPER_TOP1);
    expect(result.predictions[0]?.index).toBe(653);
    const scores = result.predictions.map((prediction) => prediction.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const score of scores) expect(score).toBeGreaterThanOrEqual(0);
    expect(scores.reduce((sum, score) => sum + score, 0)).toBeLessThanOrEqual(1.001);
    expect(result.model).toEqual({ name: 'mobilenet_v2', version: expect.any(Number) });
    expect(result.device).toBe('CPU');
    expect(result.openvinoVersion).toMatch(/^\d{4}\.\d+/);
    expect(result.timings.decodeMs).toBeGreaterThan(0);
    expect(result.timings.inferenceMs).toBeGreaterThan(0);
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(result.timings.inferenceMs);
  });

  it('honours the device and topK query parameters', async () => {
    const response = await postImage(graceHopper, 'image/jpeg', 'grace_hopper.jpg', '?device=AUTO&topK=3');
    expect(response.status).toBe(200);
    const result = (await response.json()) as ClassificationResult;
    expect(result.device).toBe('AUTO');
    expect(result.predictions).toHaveLength(3);
    expect(result.predictions[0]?.label).toBe(GRACE_HOPPER_TOP1);
  });

  it('refuses a 21 MB upload with 413 and a message', async () => {
    const response = await postImage(new Uint8Array(21 * 1024 * 1024), 'image/jpeg', 'huge.jpg');
    expect(response.status).toBe(413);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('ERR_UPLOAD_TOO_LARGE');
    expect(body.error.message).toMatch(/larger than the 20 MB limit/);
  });

  it('refuses a text file with 415 and a message naming the file', async () => {
    const response = await postImage(new TextEncoder().encode('just some text\n'), 'text/plain', 'notes.txt');
    expect(response.status).toBe(415);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toMatch(/notes\.txt.*not an image/);
  });

  it('refuses bytes that claim to be a JPEG but are not with 422 and the decoder message', async () => {
    const response = await postImage(new TextEncoder().encode('not a jpeg at all'), 'image/jpeg', 'fake.jpg');
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('ERR_IMAGE_DECODE');
    expect(body.error.message).toMatch(/Cannot decode/);
  });

  it('refuses a request that is not multipart with 415', async () => {
    const response = await fetch(`${server.url}/api/classify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ image: 'grace_hopper.jpg' }),
    });
    expect(response.status).toBe(415);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/multipart\/form-data/);
  });

  it('refuses an unknown device with 400 listing the devices', async () => {
    const response = await postImage(graceHopper, 'image/jpeg', 'grace_hopper.jpg', '?device=TPU');
    expect(response.status).toBe(400);
    const message = ((await response.json()) as { error: { message: string } }).error.message;
    expect(message).toMatch(/'device' must be one of CPU\b.*AUTO/);
    expect(message).toMatch(/got "TPU"/);
  });

  it('still answers after the bad uploads', async () => {
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    const response = await postImage(graceHopper, 'image/jpeg', 'grace_hopper.jpg');
    expect(response.status).toBe(200);
    expect(((await response.json()) as ClassificationResult).predictions[0]?.label).toBe(GRACE_HOPPER_TOP1);
  });

  it('lists the devices OpenVINO reports, including CPU, plus AUTO', async () => {
    const response = await fetch(`${server.url}/api/info`);
    expect(response.status).toBe(200);
    const info = (await response.json()) as { devices: string[]; defaultDevice: string; model: { name: string } };
    expect(info.devices).toContain('CPU');
    expect(info.devices).toContain('AUTO');
    expect(info.defaultDevice).toBe('CPU');
    expect(info.model.name).toBe('mobilenet_v2');
  });

  it('serves the page and its assets without any external URL', async () => {
    for (const path of ['/', '/app.js', '/styles.css']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
      expect(text).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
      expect(text).not.toMatch(/import\s.*["']https?:/);
    }
  });
});
