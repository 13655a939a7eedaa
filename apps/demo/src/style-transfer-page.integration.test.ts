import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ClassificationService } from './inference/classification-service.js';
import { createRuntimeClassificationService } from './inference/runtime-classification-service.js';
import { createStyleTransferService, type StyleTransferService } from './inference/style-transfer-service.js';
import { type RunningDemoServer, startDemoServer } from './server/create-server.js';
import { testResultsDirectory } from './test-support/shared-files.js';
import { styleFiles } from './test-support/style-files.js';

/** Debian's Chromium (`apt-get install chromium`), as in browser.integration.test.ts. */
const chromiumPath = process.env.HUBVINO_CHROMIUM ?? '/usr/bin/chromium';
const screenshots = join(testResultsDirectory, 'screenshots');

let styleRepository: string;
let service: ClassificationService;
let styleTransfer: StyleTransferService;
let server: RunningDemoServer;
let context: BrowserContext;
let userDataDirectory: string;

beforeAll(async () => {
  styleRepository = await mkdtemp(join(tmpdir(), 'hubvino-demo-style-page-'));
  service = await createRuntimeClassificationService({
    repository: inject('modelRepository'),
    name: 'mobilenet_v2',
    defaultDevice: 'CPU',
    log: () => {},
  });
  // The page's first request converts the style models from ../shared, as the demo does.
  styleTransfer = createStyleTransferService({ repository: styleRepository, log: () => {} });
  server = await startDemoServer({ service, styleTransfer, host: '127.0.0.1', port: 0, log: () => {} });
  userDataDirectory = await mkdtemp(join(tmpdir(), 'hubvino-demo-chromium-style-'));
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
  await service?.dispose();
  await styleTransfer?.dispose();
  if (userDataDirectory) await rm(userDataDirectory, { recursive: true, force: true });
  if (styleRepository) await rm(styleRepository, { recursive: true, force: true });
});

describe('style-transfer panel in Chromium', () => {
  it('stylizes the Tuebingen photo with the Kandinsky painting and shows the result at the photo size', async () => {
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('body[data-style-state="idle"]');
    expect(await page.locator('#style-run').isDisabled()).toBe(true);
    await page.setInputFiles('#style-content-input', styleFiles.tuebingen);
    await page.setInputFiles('#style-style-input', styleFiles.kandinsky);
    await page.locator('#style-strength').fill('80');
    expect(await page.locator('#style-strength-value').textContent()).toBe('80%');
    await page.locator('#style-run').click();
    await page.waitForSelector('body[data-style-state="done"], body[data-style-state="error"]', { timeout: 120_000 });
    expect(await page.locator('#style-status').textContent()).toBe('Done.');
    const size = await page
      .locator('#style-image')
      .evaluate((image) => [
        (image as { naturalWidth: number }).naturalWidth,
        (image as { naturalHeight: number }).naturalHeight,
      ]);
    expect(size).toEqual([640, 480]);
    expect(await page.locator('#style-timings').textContent()).toMatch(/640x480 · strength 0\.80 .* transfer \d/);
    await page
      .locator('#style-panel')
      .screenshot({ path: join(screenshots, 'style-transfer-tuebingen-kandinsky.png') });
    await page.close();
  });
});
