import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DownloadError } from '../errors/download-error.js';
import { SourceError } from '../errors/source-error.js';
import { resolveSource } from '../source/resolve-source.js';
import { sha256Directory } from '../source/source-digest.js';
import { type FakeHub, startFakeHub } from '../test-support/fake-hub-server.js';
import { runModuleScript } from '../test-support/run-process.js';
import { ensureSavedModelFixture, type SavedModelFixture } from '../test-support/saved-model-fixture.js';
import { buildRawTar } from '../test-support/tar-builder.js';
import { distDirectory, sharedModels } from '../test-support/workspace-paths.js';
import { fetchRemoteModel } from './fetch-remote-model.js';
import { cacheFolderName } from './hub-handle.js';
import { type HubSettings, hubSettingsFrom } from './hub-settings.js';

let fixture: SavedModelFixture;
let archive: Buffer;
let hub: FakeHub;
const temporaryFolders: string[] = [];

async function freshCache(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'hubvino-cache-'));
  temporaryFolders.push(folder);
  return folder;
}

function settingsFor(cacheDirectory: string, overrides: Partial<HubSettings> = {}): HubSettings {
  return hubSettingsFrom({ cacheDirectory, hostMap: hub.hostMap, retries: 0, retryDelayMs: 10, ...overrides }, {});
}

/** Cache entries other than finished model folders and their descriptors (temp folders, locks). */
async function leftovers(cacheDirectory: string): Promise<string[]> {
  return (await readdir(cacheDirectory)).filter((name) => name.endsWith('.tmp') || name.endsWith('.lock'));
}

beforeAll(async () => {
  fixture = await ensureSavedModelFixture();
  archive = await readFile(fixture.archivePath);
  const tflite = await readFile(sharedModels.movenet);
  const half = archive.subarray(0, Math.floor(archive.length / 2));
  hub = await startFakeHub({
    fixture: { body: archive },
    slow: { body: archive, behaviours: [{ kind: 'ok', bytesPerSecond: 8_000_000 }] },
    cut: { body: archive, behaviours: [{ kind: 'cut', afterBytes: 100_000 }, { kind: 'ok' }] },
    flaky: {
      body: archive,
      behaviours: [{ kind: 'status', status: 503 }, { kind: 'cut', afterBytes: 5000 }, { kind: 'ok' }],
    },
    broken: { body: archive, behaviours: [{ kind: 'status', status: 500 }] },
    html: { body: Buffer.from('<html><body>not a model</body></html>') },
    truncated: { body: half },
    escape: {
      body: buildRawTar([
        { path: 'saved_model.pb', type: '0', content: Buffer.from('x') },
        { path: '../escaped.txt', type: '0', content: Buffer.from('owned') },
      ]),
    },
    symlink: {
      body: buildRawTar([
        { path: 'saved_model.pb', type: '0', content: Buffer.from('x') },
        { path: 'variables', type: '2', linkTarget: '/etc' },
      ]),
    },
    device: {
      body: buildRawTar([
        { path: 'saved_model.pb', type: '0', content: Buffer.from('x') },
        { path: 'null', type: '3' },
      ]),
    },
    lite: { body: tflite, tflite: true },
  });
});

afterAll(async () => {
  await hub?.close();
  for (const folder of temporaryFolders) await rm(folder, { recursive: true, force: true });
});

describe('fetchRemoteModel against a loopback tfhub.dev -> Kaggle server', () => {
  it('follows the redirects with tf-hub-format=compressed and extracts the SavedModel into <cache>/<sha1(handle)>', async () => {
    const cache = await freshCache();
    const handle = 'https://tfhub.dev/google/fixture/1';
    const progress: number[] = [];
    const fetched = await fetchRemoteModel(handle, settingsFor(cache), {
      onProgress: (event) => progress.push(event.bytes),
    });
    expect(fetched.cacheHit).toBe(false);
    expect(fetched.directory).toBe(join(cache, createHash('sha1').update(handle).digest('hex')));
    expect(cacheFolderName(handle)).toMatch(/^[0-9a-f]{40}$/);
    expect(existsSync(join(fetched.directory, 'saved_model.pb'))).toBe(true);
    expect(await sha256Directory(fetched.directory)).toBe(await sha256Directory(fixture.savedModelDirectory));
    expect(fetched.resolvedUrl).toBe('https://www.kaggle.com/storage/fixture.tar.gz');
    expect(fetched.bytes).toBe(archive.length);
    // The SHA-256 of the bytes received (the archive as served), kept in the descriptor for a cache hit.
    const archiveSha256 = createHash('sha256').update(archive).digest('hex');
    expect(fetched.archiveSha256).toBe(archiveSha256);
    expect(progress.at(-1)).toBe(archive.length);
    const hops = hub.requests.filter((request) => request.path.includes('/fixture'));
    expect(hops.map((request) => request.path)).toEqual([
      '/google/fixture/1',
      '/models/google/fixture/frameworks/TensorFlow2/variations/default/versions/1',
      '/storage/fixture.tar.gz',
    ]);
    expect(hops[0]?.query).toBe('?tf-hub-format=compressed');
    expect(await readFile(`${fetched.directory}.descriptor.txt`, 'utf8')).toContain(`Module: ${handle}`);
    expect(await leftovers(cache)).toEqual([]);
  });

  it('keeps an existing query when adding tf-hub-format=compressed', async () => {
    const cache = await freshCache();
    await fetchRemoteModel('https://tfhub.dev/google/fixture/1?channel=test', settingsFor(cache));
    const first = hub.requests.filter((request) => request.path === '/google/fixture/1').at(-1);
    expect(first?.query).toBe('?channel=test&tf-hub-format=compressed');
  });

  it('serves the second request from the cache without touching the network', async () => {
    const cache = await freshCache();
    const handle = 'https://tfhub.dev/google/fixture/1';
    await fetchRemoteModel(handle, settingsFor(cache));
    const before = hub.requests.length;
    const second = await fetchRemoteModel(handle, settingsFor(cache));
    expect(second.cacheHit).toBe(true);
    expect(second.bytes).toBe(0);
    expect(second.resolvedUrl).toBe('https://www.kaggle.com/storage/fixture.tar.gz');
    expect(second.archiveSha256).toBe(createHash('sha256').update(archive).digest('hex'));
    expect(hub.requests.length).toBe(before);
  });

  it('fetches a TF Lite handle as one file with lite-format=tflite', async () => {
    const cache = await freshCache();
    const handle = 'https://www.kaggle.com/models/google/lite/frameworks/tfLite/variations/default/versions/1';
    const resolved = await resolveSource(handle, { hub: settingsFor(cache) });
    expect(resolved.format).toBe('tflite');
    expect(resolved.modelPath).toBe(join(cache, cacheFolderName(handle), 'model.tflite'));
    expect(hub.requests.find((request) => request.path.startsWith('/models/google/lite'))?.query).toBe(
      '?lite-format=tflite',
    );
  });

  it('lets only one of two processes download a handle; the other waits and reuses the folder', async () => {
    const cache = await freshCache();
    const script = `
      const { fetchRemoteModel } = await import(${JSON.stringify(join(distDirectory, 'hub', 'fetch-remote-model.js'))});
      const { hubSettingsFrom } = await import(${JSON.stringify(join(distDirectory, 'hub', 'hub-settings.js'))});
      const settings = hubSettingsFrom({ cacheDirectory: process.argv[1], hostMap: JSON.parse(process.argv[2]), retries: 0, lockPollMs: 50 }, {});
      let waited = false;
      const result = await fetchRemoteModel('https://tfhub.dev/google/slow/1', settings, { onWait: () => { waited = true; } });
      process.stdout.write(JSON.stringify({ cacheHit: result.cacheHit, directory: result.directory, waited }));
    `;
    const runOne = async (): Promise<{ cacheHit: boolean; directory: string; waited: boolean }> => {
      const result = await runModuleScript(script, [cache, JSON.stringify(hub.hostMap)]);
      if (result.code !== 0) throw new Error(`child exited ${result.code}: ${result.stderr}`);
      return JSON.parse(result.stdout);
    };
    const results = await Promise.all([runOne(), runOne()]);
    expect(hub.storageRequests('slow')).toBe(1);
    expect(results.map((result) => result.cacheHit).sort()).toEqual([false, true]);
    expect(results.find((result) => result.cacheHit)?.waited).toBe(true);
    expect(results[0]?.directory).toBe(results[1]?.directory);
    expect(await sha256Directory(results[0]?.directory as string)).toBe(
      await sha256Directory(fixture.savedModelDirectory),
    );
    expect(await leftovers(cache)).toEqual([]);
  });

  it('cleans up after a process killed mid-download: the next run takes over its lock, removes its temp folder and succeeds', async () => {
    const cache = await freshCache();
    const handle = 'https://tfhub.dev/google/slow/1';
    const script = `
      const { fetchRemoteModel } = await import(${JSON.stringify(join(distDirectory, 'hub', 'fetch-remote-model.js'))});
      const { hubSettingsFrom } = await import(${JSON.stringify(join(distDirectory, 'hub', 'hub-settings.js'))});
      const settings = hubSettingsFrom({ cacheDirectory: process.argv[1], hostMap: JSON.parse(process.argv[2]), retries: 0 }, {});
      await fetchRemoteModel(${JSON.stringify(handle)}, settings);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, cache, JSON.stringify(hub.hostMap)], {
      stdio: 'ignore',
    });
    // Kill it (no chance to clean up) once its temp folder is filling.
    const deadline = Date.now() + 30_000;
    while (!(await leftovers(cache)).some((name) => name.endsWith('.tmp')) && Date.now() < deadline) {
      await new Promise((resolveWait) => setTimeout(resolveWait, 20));
    }
    child.kill('SIGKILL');
    await new Promise((resolveExit) => child.once('exit', resolveExit));
    expect((await leftovers(cache)).sort()).toEqual(
      expect.arrayContaining([expect.stringMatching(/\.tmp$/), expect.stringMatching(/\.lock$/)]),
    );
    expect(existsSync(join(cache, cacheFolderName(handle)))).toBe(false);

    const result = await fetchRemoteModel(handle, settingsFor(cache));
    expect(result.cacheHit).toBe(false);
    expect(await sha256Directory(result.directory)).toBe(await sha256Directory(fixture.savedModelDirectory));
    expect(await leftovers(cache)).toEqual([]);
  });

  it('leaves no cache folder when the server closes mid-body, and a later run succeeds', async () => {
    const cache = await freshCache();
    const handle = 'https://tfhub.dev/google/cut/1';
    const error = await fetchRemoteModel(handle, settingsFor(cache)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as DownloadError).code).toBe('ERR_DOWNLOAD_INTERRUPTED');
    expect(existsSync(join(cache, cacheFolderName(handle)))).toBe(false);
    expect(await leftovers(cache)).toEqual([]);
    const retried = await fetchRemoteModel(handle, settingsFor(cache));
    expect(retried.cacheHit).toBe(false);
    expect(await sha256Directory(retried.directory)).toBe(await sha256Directory(fixture.savedModelDirectory));
  });

  it('retries a 503 and an interrupted body with back-off, then succeeds', async () => {
    const cache = await freshCache();
    const retries: number[] = [];
    const fetched = await fetchRemoteModel('https://tfhub.dev/google/flaky/1', settingsFor(cache, { retries: 3 }), {
      onRetry: (_attempt, delayMs) => retries.push(delayMs),
    });
    expect(fetched.cacheHit).toBe(false);
    expect(retries).toEqual([10, 20]);
    expect(hub.storageRequests('flaky')).toBe(3);
  });

  it('gives up on a persistent 500 after the retries with a DownloadError naming the status', async () => {
    const cache = await freshCache();
    const error = (await fetchRemoteModel(
      'https://tfhub.dev/google/broken/1',
      settingsFor(cache, { retries: 2 }),
    ).catch((caught: unknown) => caught)) as DownloadError;
    expect(error).toBeInstanceOf(DownloadError);
    expect(error.status).toBe(500);
    expect(error.category).toBe('source');
    expect(hub.storageRequests('broken')).toBe(3);
    expect(await readdir(cache)).toEqual([]);
  });

  it('rejects an unknown handle (404) with DownloadError ERR_NOT_FOUND and caches nothing', async () => {
    const cache = await freshCache();
    const error = (await fetchRemoteModel('https://tfhub.dev/google/nope/1', settingsFor(cache)).catch(
      (caught: unknown) => caught,
    )) as DownloadError;
    expect(error).toBeInstanceOf(DownloadError);
    expect(error.code).toBe('ERR_NOT_FOUND');
    expect(error.message).toContain('https://tfhub.dev/google/nope/1');
    expect(await readdir(cache)).toEqual([]);
  });

  it('rejects a body that is not a tar with ERR_NOT_AN_ARCHIVE', async () => {
    const cache = await freshCache();
    const error = (await fetchRemoteModel('https://tfhub.dev/google/html/1', settingsFor(cache)).catch(
      (caught: unknown) => caught,
    )) as DownloadError;
    expect(error).toBeInstanceOf(DownloadError);
    expect(error.code).toBe('ERR_NOT_AN_ARCHIVE');
    expect(await readdir(cache)).toEqual([]);
  });

  it('rejects a truncated gzip with ERR_TRUNCATED_ARCHIVE', async () => {
    const cache = await freshCache();
    const error = (await fetchRemoteModel('https://tfhub.dev/google/truncated/1', settingsFor(cache)).catch(
      (caught: unknown) => caught,
    )) as DownloadError;
    expect(error).toBeInstanceOf(DownloadError);
    expect(error.code).toBe('ERR_TRUNCATED_ARCHIVE');
    expect(await readdir(cache)).toEqual([]);
  });

  it.each([
    ['escape', /leaves the target folder/],
    ['symlink', /SymbolicLink/],
    ['device', /CharacterDevice/],
  ])(
    'rejects a tar with %s entries with SourceError ERR_UNSAFE_ARCHIVE and writes nothing outside',
    async (name, reason) => {
      const cache = await freshCache();
      const error = (await fetchRemoteModel(`https://tfhub.dev/google/${name}/1`, settingsFor(cache)).catch(
        (caught: unknown) => caught,
      )) as SourceError;
      expect(error).toBeInstanceOf(SourceError);
      expect(error.code).toBe('ERR_UNSAFE_ARCHIVE');
      expect(error.message).toMatch(reason);
      expect(await readdir(cache)).toEqual([]);
      expect(existsSync(join(cache, '..', 'escaped.txt'))).toBe(false);
    },
  );

  it('reports an unreachable host with the one-line offline message', async () => {
    const cache = await freshCache();
    const closed = createServer();
    await new Promise<void>((resolvePromise) => closed.listen(0, '127.0.0.1', resolvePromise));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolvePromise) => closed.close(resolvePromise));
    const settings = settingsFor(cache, { hostMap: { 'tfhub.dev': `http://127.0.0.1:${port}` } });
    const error = (await fetchRemoteModel('https://tfhub.dev/google/fixture/1', settings).catch(
      (caught: unknown) => caught,
    )) as DownloadError;
    expect(error).toBeInstanceOf(DownloadError);
    expect(error.code).toBe('ERR_OFFLINE');
    expect(error.message).toBe('cannot reach tfhub.dev; pass a local path or set TFHUB_CACHE_DIR');
    expect(await readdir(cache)).toEqual([]);
  });
});
