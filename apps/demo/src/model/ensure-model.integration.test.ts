import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { listModelVersions, readManifest } from '@hubvino/runtime/artifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoProcess } from '../test-support/demo-process.js';
import { sharedFiles } from '../test-support/shared-files.js';
import { DEFAULT_SOURCE } from './default-model.js';

let temporary: string;

beforeAll(async () => {
  temporary = await mkdtemp(join(tmpdir(), 'hubvino-demo-start-'));
});

afterAll(async () => {
  if (temporary) await rm(temporary, { recursive: true, force: true });
});

async function modelInfo(url: string): Promise<{ model: { name: string; version: number; source: string } }> {
  const response = await fetch(`${url}/api/info`);
  expect(response.status).toBe(200);
  return (await response.json()) as { model: { name: string; version: number; source: string } };
}

describe('demo start: ensuring the model (the built CLI, real converter and OpenVINO)', () => {
  it('converts a local source into an empty repository as version 1, then reuses it on the next start', async () => {
    const repository = join(temporary, 'local-source');
    const environment = {
      HUBVINO_DEMO_REPOSITORY: repository,
      HUBVINO_DEMO_SOURCE: sharedFiles.model,
      HUBVINO_DEMO_LABELS: sharedFiles.labels,
    };

    const first = await startDemoProcess(['--port', '0'], environment);
    expect((await modelInfo(first.url)).model).toMatchObject({ name: 'mobilenet_v2', version: 1 });
    const firstEnd = await first.stop('SIGTERM');
    expect(firstEnd.code, firstEnd.stderr).toBe(0);
    expect(firstEnd.stderr).toMatch(/published mobilenet_v2 version 1/);
    expect(firstEnd.stderr).toMatch(/SIGTERM received: closing the server and disposing the models/);
    expect(firstEnd.stderr).toMatch(/models disposed\n.*stopped/);
    expect(await listModelVersions(repository, 'mobilenet_v2')).toEqual([1]);
    const manifest = await readManifest(join(repository, 'mobilenet_v2', '1'));
    expect(manifest.source.handle).toBe(sharedFiles.model);

    const second = await startDemoProcess(['--port', '0'], environment);
    expect((await modelInfo(second.url)).model).toMatchObject({ name: 'mobilenet_v2', version: 1 });
    const secondEnd = await second.stop('SIGINT');
    expect(secondEnd.code, secondEnd.stderr).toBe(0);
    expect(secondEnd.stderr).toMatch(/using mobilenet_v2 version 1/);
    expect(secondEnd.stderr).not.toMatch(/converting/);
    expect(await listModelVersions(repository, 'mobilenet_v2')).toEqual([1]);
    // Nothing but the published version (no staging leftovers) in the model's folder.
    expect(await readdir(join(repository, 'mobilenet_v2'))).toEqual(['1']);
  });

  it('falls back to the TF Lite MobileNetV2 in ../shared with one stderr line when TF Hub cannot be reached', async () => {
    const repository = join(temporary, 'default-source');
    // Every TF Hub host goes to a closed loopback port, so the result does not depend on this machine's network.
    const closed = 'http://127.0.0.1:9';
    const demo = await startDemoProcess(['--port', '0', '--repository', repository], {
      HUBVINO_HUB_HOST_MAP: ['tfhub.dev', 'www.kaggle.com', 'kaggle.com', 'storage.googleapis.com']
        .map((host) => `${host}=${closed}`)
        .join(','),
      HUBVINO_HUB_RETRIES: '0',
      TFHUB_CACHE_DIR: join(temporary, 'tfhub-cache'),
    });
    const info = await modelInfo(demo.url);
    const end = await demo.stop();
    expect(end.code, end.stderr).toBe(0);
    const fallbackLines = end.stderr.split('\n').filter((line) => line.includes('cannot fetch'));
    expect(fallbackLines).toHaveLength(1);
    expect(fallbackLines[0]).toContain(DEFAULT_SOURCE);
    expect(fallbackLines[0]).toContain(sharedFiles.model);
    // /api/info shows a local source by its file name, never the server's path.
    expect(JSON.stringify(info)).not.toContain(sharedFiles.model);
    expect(info.model).toMatchObject({ name: 'mobilenet_v2', version: 1, source: basename(sharedFiles.model) });
  });
});
