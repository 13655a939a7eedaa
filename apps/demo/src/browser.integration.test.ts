import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ClassificationService } from './inference/classification-service.js';
import { createRuntimeClassificationService } from './inference/runtime-classification-service.js';
import { type RunningDemoServer, startDemoServer } from './server/create-server.js';
import { GRACE_HOPPER_TOP1, sharedFiles, testResultsDirectory } from './test-support/shared-files.js';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it when missing). */
const chromiumPath = process.env.HUBVINO_CHROMIUM ?? '/usr/bin/chromium';
const screenshots = join(testResultsDirectory, 'screenshots');

let service: ClassificationService;
let server: RunningDemoServer;
let context: BrowserContext;
let userDataDirectory: string;

beforeAll(async () => {
  service = await createRuntimeClassificationService({
    repository: inject('modelRepository'),
    name: 'mobilenet_v2',
    defaultDevice: 'CPU',
    log: () => {},
  });
  server = await startDemoServer({ service, host: '127.0.0.1', port: 0, log: () => {} });
  userDataDirectory = await mkdtemp(join(tmpdir(), 'hubvino-demo-chromium-'));
  context = await chromium.launchPersistentContext(userDataDirectory, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1200, height: 820 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  await mkdir(screenshots, { recursive: true });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  await service?.dispose();
  if (userDataDirectory) await rm(userDataDirectory, { recursive: true, force: true });
});

describe('demo page in Chromium', () => {
  it('shows "military uniform" first after uploading grace_hopper.jpg, with bars, timings and the device', async () => {
    const page = await context.newPage();
    const external: string[] = [];
    page.on('request', (request) => {
      if (
        !request.url().startsWith(server.url) &&
        !request.url().startsWith('blob:') &&
        !request.url().startsWith('data:')
      ) {
        external.push(request.url());
      }
    });
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('#device option').allTextContents()).toEqual(expect.arrayContaining(['CPU', 'AUTO']));

    await page.setInputFiles('#image-input', sharedFiles.graceHopper);
    await page.waitForSelector('body[data-state="done"]');
    const labels = await page.locator('#predictions .label').allTextContents();
    expect(labels).toHaveLength(5);
    expect(labels[0]).toBe(GRACE_HOPPER_TOP1);
    await expect(page.locator('#predictions .bar span').count()).resolves.toBe(5);
    expect(await page.locator('#timing-inference').textContent()).toMatch(/ms$/);
    expect(await page.locator('#ran-on').textContent()).toMatch(/on CPU · OpenVINO \d{4}\./);
    expect(await page.locator('#preview').isVisible()).toBe(true);

    const file = join(screenshots, 'classification-grace-hopper.png');
    await page.screenshot({ path: file, fullPage: true });
    expect((await stat(file)).size).toBeGreaterThan(10_000);
    expect(external).toEqual([]);
    await page.close();
  });

  it('shows the server message when the upload is not an image', async () => {
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]');
    await page.setInputFiles('#image-input', {
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('not an image'),
    });
    await page.waitForSelector('body[data-state="error"]');
    expect(await page.locator('#status').textContent()).toMatch(/notes\.txt.*not an image/);
    await page.screenshot({ path: join(screenshots, 'classification-not-an-image.png') });
    await page.close();
  });
});
