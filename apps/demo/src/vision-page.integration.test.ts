import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sharedDirectory } from './config/paths.js';
import type { ClassificationService } from './inference/classification-service.js';
import { createDetectionService, type DetectionService } from './inference/detection-service.js';
import { createRuntimeClassificationService } from './inference/runtime-classification-service.js';
import { createSegmentationService, type SegmentationService } from './inference/segmentation-service.js';
import { type RunningDemoServer, startDemoServer } from './server/create-server.js';
import { testResultsDirectory } from './test-support/shared-files.js';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it when missing). */
const chromiumPath = process.env.HUBVINO_CHROMIUM ?? '/usr/bin/chromium';
const screenshots = join(testResultsDirectory, 'screenshots');

let service: ClassificationService;
let detection: DetectionService;
let segmentation: SegmentationService;
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
  const options = { repository: inject('visionRepository'), device: 'CPU', log: () => {} };
  detection = createDetectionService(options);
  segmentation = createSegmentationService(options);
  server = await startDemoServer({ service, detection, segmentation, host: '127.0.0.1', port: 0, log: () => {} });
  userDataDirectory = await mkdtemp(join(tmpdir(), 'hubvino-demo-chromium-'));
  context = await chromium.launchPersistentContext(userDataDirectory, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1200, height: 1400 },
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  });
  await mkdir(screenshots, { recursive: true });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  await Promise.all([service?.dispose(), detection?.dispose(), segmentation?.dispose()]);
  if (userDataDirectory) await rm(userDataDirectory, { recursive: true, force: true });
});

describe('detection and segmentation panels in Chromium', () => {
  it('draws labelled boxes over cats_and_dogs.jpg: cats and a dog, inside the image', async () => {
    const page = await context.newPage();
    await page.goto(server.url);
    await page.setInputFiles('#detect-input', join(sharedDirectory(), 'images', 'cats_and_dogs.jpg'));
    await page.waitForSelector('body[data-detect-state="done"]');
    const tags = await page.locator('#detect-boxes .detect-tag').allTextContents();
    expect(tags.some((tag) => /^cat \d+(\.\d)?%$/.test(tag))).toBe(true);
    expect(tags.some((tag) => /^dog \d+(\.\d)?%$/.test(tag))).toBe(true);
    expect(await page.locator('#detect-list li').count()).toBe(tags.length);
    // Every box is drawn within the displayed photo.
    const image = await page.locator('#detect-image').boundingBox();
    expect(image?.width).toBeGreaterThan(100);
    for (const box of await page.locator('#detect-boxes .detect-box').all()) {
      const rect = await box.boundingBox();
      expect(rect && image).toBeTruthy();
      if (!rect || !image) continue;
      expect(rect.x).toBeGreaterThanOrEqual(image.x - 1);
      expect(rect.y).toBeGreaterThanOrEqual(image.y - 1);
      expect(rect.x + rect.width).toBeLessThanOrEqual(image.x + image.width + 1);
      expect(rect.y + rect.height).toBeLessThanOrEqual(image.y + image.height + 1);
      expect(await box.isVisible()).toBe(true);
    }
    expect(await page.locator('#detect-ran-on').textContent()).toMatch(/ssd_mobilenet_v1 v\d+ · CPU/);
    await page.locator('#detect-panel').screenshot({ path: join(screenshots, 'detection-cats-and-dogs.png') });
    await page.close();
  }, 120_000);

  it('shows the colour overlay with a legend of person, horse and background', async () => {
    const page = await context.newPage();
    await page.goto(server.url);
    await page.setInputFiles('#segment-input', join(sharedDirectory(), 'images', 'segmentation_input_rotation0.jpg'));
    await page.waitForSelector('body[data-segment-state="done"]');
    const legend = await page.locator('#segment-legend li').allTextContents();
    expect(legend.map((entry) => entry.replace(/ [\d.]+%$/, '')).sort()).toEqual(['background', 'horse', 'person']);
    const swatches = await page.locator('#segment-legend .swatch').evaluateAll((elements) => {
      // Runs in the page, where getComputedStyle exists (this file is type-checked without the DOM library).
      const view = globalThis as unknown as { getComputedStyle(element: unknown): { backgroundColor: string } };
      return elements.map((element) => view.getComputedStyle(element).backgroundColor);
    });
    // PASCAL VOC colours: background black, horse (13) rgb(192, 0, 128), person (15) rgb(192, 128, 128).
    expect(swatches.sort()).toEqual(['rgb(0, 0, 0)', 'rgb(192, 0, 128)', 'rgb(192, 128, 128)']);
    const overlay = page.locator('#segment-image');
    expect(await overlay.isVisible()).toBe(true);
    expect(await overlay.evaluate((element) => (element as unknown as { naturalWidth: number }).naturalWidth)).toBe(
      257,
    );
    await page.locator('#segment-panel').screenshot({ path: join(screenshots, 'segmentation.png') });
    await page.close();
  }, 120_000);

  it('shows the server’s message when the upload is not an image', async () => {
    const page = await context.newPage();
    await page.goto(server.url);
    await page.setInputFiles('#detect-input', {
      name: 'note.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('not an image'),
    });
    await page.waitForSelector('body[data-detect-state="error"]');
    expect(await page.locator('#detect-status').textContent()).toMatch(/not an image/);
    await page.close();
  }, 60_000);
});
