// The demo with the one-piece Magenta model (TF Hub's SavedModel form, the one the OpenVINO
// notebook converts), named by --style-model / HUBVINO_DEMO_STYLE_MODEL: the CLI and the page's
// route stylize with it at the content's size, and refuse a strength below 1 naming the argument.
// The model is the workspace fixture with the hub module's exact signature (its weights cannot be
// downloaded here); TensorFlow agreement is proven in the converter's style-one-piece test.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convert } from '@hubvino/converter';
import { ArgumentError, decodeImage } from '@hubvino/runtime';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureStyleSavedModelFixture, type StyleSavedModelFixture } from '../../../fixtures/saved-model-fixture.mjs';
import { stylizeImage } from './cli/commands/stylize-command.js';
import { resolveDemoSettings } from './config/demo-settings.js';
import type { ClassificationService } from './inference/classification-service.js';
import { createRuntimeClassificationService } from './inference/runtime-classification-service.js';
import { createStyleTransferService, type StyleTransferService } from './inference/style-transfer-service.js';
import { type RunningDemoServer, startDemoServer } from './server/create-server.js';

const STYLE_MODEL = 'magenta-one-piece';

let fixture: StyleSavedModelFixture;
let folder: string;
let repository: string;
let service: ClassificationService;
let styleTransfer: StyleTransferService;
let server: RunningDemoServer;

beforeAll(async () => {
  fixture = await ensureStyleSavedModelFixture();
  folder = await mkdtemp(join(tmpdir(), 'hubvino-demo-one-piece-'));
  repository = join(folder, 'models');
  await convert({
    source: fixture.savedModelDirectory,
    name: STYLE_MODEL,
    repository,
    // Validated against OpenVINO's frontend here; the converter's test compares with TensorFlow.
    tensorFlowReference: false,
  });
  service = await createRuntimeClassificationService({
    repository: inject('modelRepository'),
    name: 'mobilenet_v2',
    defaultDevice: 'CPU',
    log: () => {},
  });
  styleTransfer = createStyleTransferService({ repository, styleModel: STYLE_MODEL, log: () => {} });
  server = await startDemoServer({ service, styleTransfer, host: '127.0.0.1', port: 0, log: () => {} });
}, 180_000);

afterAll(async () => {
  await server?.close();
  await service?.dispose();
  await styleTransfer?.dispose();
  await rm(folder, { recursive: true, force: true });
});

function contentOf(width: number) {
  const content = fixture.contents.find((candidate) => candidate.width === width);
  if (!content) throw new Error(`the fixture has no ${width}-wide content image`);
  return content;
}

describe('the demo with the one-piece Magenta model (--style-model)', () => {
  it('demo stylize writes the 300x500 content at its size and reports the one-piece artifact', async () => {
    const settings = resolveDemoSettings({ repository, styleModel: STYLE_MODEL }, {}, folder);
    const output = join(folder, 'one-piece.png');
    const content = contentOf(300);
    const report = await stylizeImage(
      settings,
      { content: content.imagePath, style: fixture.stylePath, output },
      () => {},
    );
    expect(report).toMatchObject({
      width: 300,
      height: 500,
      strength: 1,
      models: { form: 'one-piece', model: `${STYLE_MODEL}/1` },
    });
    expect(await decodeImage(output)).toMatchObject({ width: 300, height: 500 });
  }, 60_000);

  it("demo stylize --strength 0.5 is an ArgumentError naming '--strength' and the one-piece form", async () => {
    const settings = resolveDemoSettings({ repository, styleModel: STYLE_MODEL }, {}, folder);
    const stylizing = stylizeImage(
      settings,
      { content: contentOf(640).imagePath, style: fixture.stylePath, output: join(folder, 'half.png'), strength: 0.5 },
      () => {},
    );
    await expect(stylizing).rejects.toBeInstanceOf(ArgumentError);
    await expect(stylizing).rejects.toMatchObject({
      argument: '--strength',
      message: expect.stringMatching(/one-piece/),
    });
  }, 60_000);

  it('an unknown --style-model is an ArgumentError saying how to convert it', async () => {
    const settings = resolveDemoSettings({ repository, styleModel: 'nowhere' }, {}, folder);
    await expect(
      stylizeImage(
        settings,
        { content: contentOf(640).imagePath, style: fixture.stylePath, output: join(folder, 'x.png') },
        () => {},
      ),
    ).rejects.toMatchObject({ argument: '--style-model', message: expect.stringMatching(/pnpm convert/) });
  });

  it("POST /api/stylize answers the 640x480 content's size with the one-piece model and says its form", async () => {
    const form = new FormData();
    form.append('content', new Blob([await readFile(contentOf(640).imagePath)], { type: 'image/png' }), 'content.png');
    form.append('style', new Blob([await readFile(fixture.stylePath)], { type: 'image/png' }), 'style.png');
    const response = await fetch(`${server.url}/api/stylize`, { method: 'POST', body: form });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-hubvino-size')).toBe('640x480');
    expect(response.headers.get('x-hubvino-models')).toBe(`${STYLE_MODEL}/1`);
    expect(response.headers.get('x-hubvino-style-form')).toBe('one-piece');
    expect(await decodeImage(Buffer.from(await response.arrayBuffer()))).toMatchObject({ width: 640, height: 480 });

    const half = new FormData();
    half.append('content', new Blob([await readFile(contentOf(640).imagePath)], { type: 'image/png' }), 'content.png');
    half.append('style', new Blob([await readFile(fixture.stylePath)], { type: 'image/png' }), 'style.png');
    const refused = await fetch(`${server.url}/api/stylize?strength=0.5`, { method: 'POST', body: half });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/'strength' must be 1/);
  }, 60_000);
});
