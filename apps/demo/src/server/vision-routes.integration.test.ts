import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sharedDirectory } from '../config/paths.js';
import type { ClassificationService } from '../inference/classification-service.js';
import { createDetectionService, type DetectionResult, type DetectionService } from '../inference/detection-service.js';
import { createRuntimeClassificationService } from '../inference/runtime-classification-service.js';
import { createSegmentationService, type SegmentationService } from '../inference/segmentation-service.js';
import { type RunningDemoServer, startDemoServer } from './create-server.js';

let service: ClassificationService;
let detection: DetectionService;
let segmentation: SegmentationService;
let server: RunningDemoServer;
let catsAndDogs: Buffer;

async function post(path: string, bytes: Uint8Array, type: string, fileName: string): Promise<Response> {
  const form = new FormData();
  form.append('image', new Blob([bytes], { type }), fileName);
  return fetch(`${server.url}${path}`, { method: 'POST', body: form });
}

beforeAll(async () => {
  catsAndDogs = await readFile(join(sharedDirectory(), 'images', 'cats_and_dogs.jpg'));
  service = await createRuntimeClassificationService({
    repository: inject('modelRepository'),
    name: 'mobilenet_v2',
    defaultDevice: 'CPU',
    log: () => {},
  });
  const options = { repository: inject('visionRepository'), device: 'CPU', log: () => {} };
  detection = createDetectionService(options);
  segmentation = createSegmentationService(options);
  server = await startDemoServer({ service, detection, segmentation, host: '127.0.0.1', port: 0, log: () => {} });
});

afterAll(async () => {
  await server?.close();
  await Promise.all([service?.dispose(), detection?.dispose(), segmentation?.dispose()]);
});

describe('POST /api/detect and /api/segment (real models, real OpenVINO, loopback HTTP)', () => {
  it('detects the cats and the dog with boxes in the image’s pixels', async () => {
    const response = await post('/api/detect?scoreThreshold=0.45', catsAndDogs, 'image/jpeg', 'cats_and_dogs.jpg');
    expect(response.status).toBe(200);
    const result = (await response.json()) as DetectionResult;
    expect(new Set(result.detections.map((entry) => entry.label))).toEqual(new Set(['cat', 'dog']));
    for (const entry of result.detections) {
      expect(entry.score).toBeGreaterThanOrEqual(0.45);
      expect(entry.box.x + entry.box.width).toBeLessThanOrEqual(1200);
    }
    expect(result.model.name).toBe('ssd_mobilenet_v1');
  });

  it('segments with a legend and a PNG overlay of the image’s size', async () => {
    const response = await post('/api/segment', catsAndDogs, 'image/jpeg', 'cats_and_dogs.jpg');
    expect(response.status).toBe(200);
    const result = (await response.json()) as {
      width: number;
      height: number;
      classes: { label: string; color: number[]; fraction: number }[];
      overlay: string;
    };
    expect([result.width, result.height]).toEqual([1200, 600]);
    expect(result.classes.map((entry) => entry.label)).toContain('dog');
    const total = result.classes.reduce((sum, entry) => sum + entry.fraction, 0);
    expect(total).toBeCloseTo(1, 6);
    expect(result.overlay).toMatch(/^data:image\/png;base64,/);
  });

  it.each(['/api/detect', '/api/segment'])('answers %s errors like /api/classify', async (path) => {
    const text = await post(path, new TextEncoder().encode('hello'), 'text/plain', 'note.txt');
    expect(text.status).toBe(415);
    expect(((await text.json()) as { error: { code: string } }).error.code).toBe('ERR_NOT_AN_IMAGE');
    const empty = await post(path, new Uint8Array(0), 'image/png', 'empty.png');
    expect(empty.status).toBe(422);
    const garbage = await post(path, new TextEncoder().encode('not really a jpeg'), 'image/jpeg', 'broken.jpg');
    expect(garbage.status).toBe(422);
    expect(((await garbage.json()) as { error: { message: string } }).error.message).toMatch(/broken\.jpg|image/i);
    const huge = await post(path, new Uint8Array(21 * 1024 * 1024), 'image/jpeg', 'huge.jpg');
    expect(huge.status).toBe(413);
    const notMultipart = await fetch(`${server.url}${path}`, { method: 'POST', body: 'x' });
    expect(notMultipart.status).toBe(415);
  });

  it('refuses a bad scoreThreshold or maxResults with 400 naming it', async () => {
    for (const query of ['?scoreThreshold=2', '?maxResults=0']) {
      const response = await post(`/api/detect${query}`, catsAndDogs, 'image/jpeg', 'cats_and_dogs.jpg');
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { message: string } };
      expect(body.error.message).toMatch(query.includes('score') ? /scoreThreshold/ : /maxResults/);
    }
  });
});
