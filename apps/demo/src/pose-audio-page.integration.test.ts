import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ClassificationService } from './inference/classification-service.js';
import {
  type AudioService,
  createAudioService,
  createPoseService,
  type PoseService,
} from './inference/pose-audio-services.js';
import { createRuntimeClassificationService } from './inference/runtime-classification-service.js';
import { type RunningDemoServer, startDemoServer } from './server/create-server.js';
import { poseAudioFiles } from './test-support/pose-audio-files.js';
import { testResultsDirectory } from './test-support/shared-files.js';

/** Debian's Chromium (`apt-get install chromium`), as in browser.integration.test.ts. */
const chromiumPath = process.env.HUBVINO_CHROMIUM ?? '/usr/bin/chromium';
const screenshots = join(testResultsDirectory, 'screenshots');
/** A small upload limit, so the 413 rule is tested without megabytes of data. */
const UPLOAD_LIMIT = 1024 * 1024;

let repository: string;
let service: ClassificationService;
let pose: PoseService;
let audio: AudioService;
let server: RunningDemoServer;
let context: BrowserContext;
let userDataDirectory: string;

beforeAll(async () => {
  repository = await mkdtemp(join(tmpdir(), 'hubvino-demo-pose-audio-page-'));
  service = await createRuntimeClassificationService({
    repository: inject('modelRepository'),
    name: 'mobilenet_v2',
    defaultDevice: 'CPU',
    log: () => {},
  });
  // The first /api/pose and /api/listen requests convert MoveNet and YAMNet from ../shared, as the demo does.
  pose = createPoseService({ repository, log: () => {} });
  audio = createAudioService({ repository, log: () => {} });
  server = await startDemoServer({
    service,
    pose,
    audio,
    host: '127.0.0.1',
    port: 0,
    uploadLimitBytes: UPLOAD_LIMIT,
    log: () => {},
  });
  userDataDirectory = await mkdtemp(join(tmpdir(), 'hubvino-demo-chromium-pose-audio-'));
  context = await chromium.launchPersistentContext(userDataDirectory, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1200, height: 2400 },
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  });
  await mkdir(screenshots, { recursive: true });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  await service?.dispose();
  await pose?.dispose();
  await audio?.dispose();
  if (userDataDirectory) await rm(userDataDirectory, { recursive: true, force: true });
  if (repository) await rm(repository, { recursive: true, force: true });
});

async function post(path: string, field: string, bytes: Uint8Array, type: string, name: string): Promise<Response> {
  const form = new FormData();
  form.append(field, new Blob([bytes], { type }), name);
  return fetch(`${server.url}${path}`, { method: 'POST', body: form });
}

describe('POST /api/pose and /api/listen', () => {
  it('answer keypoints in image pixels and the clip and window classes as JSON', async () => {
    const poseResponse = await post(
      '/api/pose',
      'image',
      await readFile(poseAudioFiles.squat),
      'image/bmp',
      'squat.bmp',
    );
    expect(poseResponse.status).toBe(200);
    const body = (await poseResponse.json()) as {
      width: number;
      keypoints: { name: string; x: number }[];
      skeleton: unknown[];
    };
    expect(body.width).toBe(500);
    expect(body.keypoints).toHaveLength(17);
    expect(body.skeleton).toHaveLength(18);
    const listenResponse = await post(
      '/api/listen',
      'audio',
      await readFile(poseAudioFiles.speech),
      'audio/wav',
      'speech.wav',
    );
    expect(listenResponse.status).toBe(200);
    const heard = (await listenResponse.json()) as { classes: { label: string }[]; windows: unknown[] };
    expect(heard.classes[0]?.label).toBe('Speech');
    expect(heard.windows).toHaveLength(8);
  });

  it('answer bad uploads with the error rules of /api/classify', async () => {
    const cases: [Promise<Response>, number, string][] = [
      [
        post('/api/listen', 'audio', Buffer.from('not a wav file at all'), 'audio/wav', 'fake.wav'),
        422,
        'ERR_AUDIO_DECODE',
      ],
      [post('/api/listen', 'audio', Buffer.from('x'), 'image/png', 'picture.png'), 415, 'ERR_UNSUPPORTED_FILE_TYPE'],
      [post('/api/listen', 'audio', new Uint8Array(0), 'audio/wav', 'empty.wav'), 422, 'ERR_FILE_EMPTY'],
      [
        post('/api/listen', 'audio', new Uint8Array(UPLOAD_LIMIT + 1), 'audio/wav', 'big.wav'),
        413,
        'ERR_UPLOAD_TOO_LARGE',
      ],
      [post('/api/pose', 'image', Buffer.from('not an image'), 'image/jpeg', 'fake.jpg'), 422, 'ERR_IMAGE_DECODE'],
      [post('/api/pose', 'image', Buffer.from('RIFF'), 'audio/wav', 'sound.wav'), 415, 'ERR_UNSUPPORTED_FILE_TYPE'],
      [fetch(`${server.url}/api/pose`, { method: 'POST', body: 'plain text' }), 415, 'ERR_UNSUPPORTED_MEDIA_TYPE'],
      [fetch(`${server.url}/api/listen?topK=0`, { method: 'POST', body: new FormData() }), 400, 'ERR_INVALID_ARGUMENT'],
    ];
    for (const [pending, status, code] of cases) {
      const response = await pending;
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect([response.status, body.error.code]).toEqual([status, code]);
      expect(body.error.message.length).toBeGreaterThan(10);
    }
  });
});

describe('pose and sound panels in Chromium', () => {
  it('draws the squat photo with keypoints and lists all 17', async () => {
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('body[data-pose-state="idle"]');
    await page.setInputFiles('#pose-input', poseAudioFiles.squat);
    await page.waitForSelector('body[data-pose-state="done"], body[data-pose-state="error"]', { timeout: 120_000 });
    expect(await page.locator('#pose-status').textContent()).toBe('Done.');
    expect(await page.locator('#pose-keypoints li').count()).toBe(17);
    expect(await page.locator('#pose-keypoints li').first().getAttribute('data-name')).toBe('nose');
    const canvas = await page.locator('#pose-canvas').evaluate((element) => {
      const canvas = element as unknown as {
        width: number;
        height: number;
        getContext(kind: '2d'): {
          getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
        };
      };
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      // The skeleton is drawn in #2f5bea over a photo that has next to none of that colour.
      let skeleton = 0;
      for (let index = 0; index < pixels.length; index += 4) {
        if (pixels[index] === 0x2f && pixels[index + 1] === 0x5b && pixels[index + 2] === 0xea) skeleton += 1;
      }
      return { width: canvas.width, height: canvas.height, skeleton };
    });
    expect([canvas.width, canvas.height]).toEqual([500, 610]);
    expect(canvas.skeleton).toBeGreaterThan(500);
    expect(await page.locator('#pose-summary').textContent()).toMatch(/500x610 · pose score 0\.\d\d · movenet v1/);
    await page.locator('#pose-panel').screenshot({ path: join(screenshots, 'pose-squat.png') });
    await page.close();
  });

  it('shows "Speech" first for speech.wav and a row per window, and the server error for a bad file', async () => {
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('body[data-audio-state="idle"]');
    await page.setInputFiles('#audio-input', poseAudioFiles.speech);
    await page.waitForSelector('body[data-audio-state="done"], body[data-audio-state="error"]', { timeout: 120_000 });
    expect(await page.locator('#audio-status').textContent()).toBe('Done.');
    expect(await page.locator('#audio-classes li .label').first().textContent()).toBe('Speech');
    expect(await page.locator('#audio-windows tr').count()).toBe(8);
    expect(await page.locator('#audio-windows tr').first().textContent()).toMatch(/^0\.00–0\.97 sSpeech \d+%/);
    await page.locator('#audio-panel').screenshot({ path: join(screenshots, 'audio-speech.png') });
    await page.setInputFiles('#audio-input', {
      name: 'notes.wav',
      mimeType: 'audio/wav',
      buffer: Buffer.from('not audio'),
    });
    await page.waitForSelector('body[data-audio-state="error"]', { timeout: 60_000 });
    expect(await page.locator('#audio-status').textContent()).toMatch(/Cannot decode .* as a WAV file/);
    await page.close();
  });
});
