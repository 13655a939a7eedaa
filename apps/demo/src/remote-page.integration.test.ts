import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeServingConfig } from '@hubvino/converter';
import { type KServeModelServer, startKServeModelServer } from '@hubvino/runtime/remote';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DemoInfo } from './inference/classification-service.js';
import { type DemoServerProcess, startDemoProcess } from './test-support/demo-process.js';
import { GRACE_HOPPER_TOP1, sharedFiles } from './test-support/shared-files.js';

// `demo serve --endpoint`: the page classifies on a real kserve ModelServer (serving the test
// repository's serve-config output on 127.0.0.1) and says so.
const chromiumPath = process.env.HUBVINO_CHROMIUM ?? '/usr/bin/chromium';
let scratch: string;
let kserve: KServeModelServer;
let demo: DemoServerProcess;
let context: BrowserContext;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'hubvino-demo-remote-page-'));
  const serving = await writeServingConfig(inject('modelRepository'), { output: join(scratch, 'serving') });
  kserve = await startKServeModelServer({ config: serving.configFile });
  demo = await startDemoProcess([
    'serve',
    '--port',
    '0',
    '--repository',
    inject('modelRepository'),
    '--endpoint',
    kserve.endpoint,
  ]);
  context = await chromium.launchPersistentContext(join(scratch, 'chromium'), {
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await context?.close();
  await demo?.stop();
  await kserve?.stop();
  await rm(scratch, { recursive: true, force: true });
});

describe('demo page with --endpoint', () => {
  it('reports the remote server in /api/info', async () => {
    const info = (await (await fetch(`${demo.url}/api/info`)).json()) as DemoInfo;
    expect(info.location).toMatchObject({ kind: 'remote', endpoint: kserve.endpoint, server: 'kserve 0.21.0' });
    expect(info.devices).toEqual([kserve.endpoint]);
  });

  it('shows "military uniform" and that inference ran on the server', async () => {
    const page = await context.newPage();
    await page.goto(demo.url);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('#fact-inference').textContent()).toBe(`remote: ${kserve.endpoint}`);
    await page.setInputFiles('#image-input', sharedFiles.graceHopper);
    await page.waitForSelector('body[data-state="done"]');
    expect((await page.locator('#predictions .label').allTextContents())[0]).toBe(GRACE_HOPPER_TOP1);
    expect(await page.locator('#ran-on').textContent()).toBe(
      `mobilenet_v2 v1 ran remotely: mobilenet_v2 version 1 at ${kserve.endpoint} · server kserve 0.21.0`,
    );
  });
});
