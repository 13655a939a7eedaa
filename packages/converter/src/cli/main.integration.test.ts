import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeHub, startFakeHub } from '../test-support/fake-hub-server.js';
import { prefillImageNetLabels } from '../test-support/imagenet-labels.js';
import { runConverterCli, runProcess } from '../test-support/run-process.js';
import { ensureSavedModelFixture } from '../test-support/saved-model-fixture.js';
import { hasShared, sharedModels, workspaceDirectory } from '../test-support/workspace-paths.js';

let folder: string;
let hub: FakeHub;

const runCli = runConverterCli;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'hubvino-cli-'));
  const fixture = await ensureSavedModelFixture();
  hub = await startFakeHub({ fixture: { body: await readFile(fixture.archivePath) } });
});

afterAll(async () => {
  await hub?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('hubvino-convert CLI', () => {
  it('`pnpm convert --help` works from the workspace root and documents the exit codes', async () => {
    // Exactly as the README says it: no `-s`, and still nothing but the CLI's own output on stdout.
    const result = await runProcess('pnpm', ['convert', '--help'], { cwd: workspaceDirectory });
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('Usage:')).toBe(true);
    expect(result.stdout).toContain('convert [options] <source>');
    expect(result.stdout).toMatch(/3 {2}source:/);
    expect(result.stdout).toContain('TFHUB_CACHE_DIR');
  });

  it.runIf(hasShared)('prints exactly one JSON document with --json and exits 0', async () => {
    const repository = join(folder, 'models');
    const result = await runCli([sharedModels.magentaPrediction, '--name', 'x', '--repository', repository, '--json']);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document.status).toBe('published');
    expect(document.directory).toBe(join(repository, 'x', '1'));
    expect(document.manifest.role).toBe('style-prediction');
  });

  it('names the flag, not the library option, when --input-shape does not fit (exit 2)', async () => {
    const result = await runCli([
      sharedModels.mobilenetV1Float,
      '--name',
      'bad-shape',
      '--repository',
      join(folder, 'bad-shape-models'),
      '--input-shape',
      '1,100',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("'--input-shape' [1,100] does not fit input");
    expect(result.stderr).not.toContain("'inputShape'");
  });

  it('converts a tfhub.dev handle served by the loopback hub (HUBVINO_HUB_HOST_MAP) and lists it', async () => {
    const repository = join(folder, 'remote-models');
    await prefillImageNetLabels(join(folder, 'cache'));
    const environment = {
      HUBVINO_HUB_HOST_MAP: `tfhub.dev=${hub.baseUrl},www.kaggle.com=${hub.baseUrl}`,
      TFHUB_CACHE_DIR: join(folder, 'cache'),
    };
    const handle = 'https://tfhub.dev/google/fixture/1';
    const result = await runCli(
      [handle, '--name', 'fixture', '--repository', repository, '--json', '--no-fp16', '--inference-precision', 'f32'],
      environment,
    );
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document.manifest.source).toMatchObject({
      handle,
      resolvedUrl: 'https://www.kaggle.com/storage/fixture.tar.gz',
      format: 'saved-model',
    });
    expect(document.manifest.validation.references[0].maxAbsDiff).toBeLessThan(1e-4);
    const listing = await runCli(['list', repository, '--json']);
    expect(
      JSON.parse(listing.stdout).models.map((model: { name: string; version: number; source: string }) => [
        model.name,
        model.version,
        model.source,
      ]),
    ).toEqual([['fixture', 1, handle]]);
    const inspected = await runCli(['inspect', handle, '--json'], environment);
    const signature = JSON.parse(inspected.stdout);
    expect(signature.source.cacheHit).toBe(true);
    expect(signature.inputs[0]).toMatchObject({ name: 'inputs', shape: [-1, 224, 224, 3], elementType: 'f32' });
  });

  it('exits 3 with the one-line offline message when the hub cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolvePromise) => closed.listen(0, '127.0.0.1', resolvePromise));
    const port = (closed.address() as import('node:net').AddressInfo).port;
    await new Promise((resolvePromise) => closed.close(resolvePromise));
    const result = await runCli(
      ['https://tfhub.dev/google/anything/1', '--name', 'offline', '--repository', join(folder, 'm')],
      {
        HUBVINO_HUB_HOST_MAP: `tfhub.dev=http://127.0.0.1:${port}`,
        HUBVINO_HUB_RETRIES: '0',
        TFHUB_CACHE_DIR: join(folder, 'offline-cache'),
      },
    );
    expect(result.code).toBe(3);
    expect(result.stderr.trim().split('\n').at(-1)).toBe(
      'hubvino-convert: cannot reach tfhub.dev; pass a local path or set TFHUB_CACHE_DIR',
    );
  });

  it('reports a usage error as one JSON error document with exit 2', async () => {
    const result = await runCli([sharedModels.magentaPrediction, '--json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error.code).toBe('ERR_USAGE');
  });

  it('rejects a corrupt .tflite before ovc runs with exit 3 and a SourceError document naming the file', async () => {
    const broken = join(folder, 'broken.tflite');
    await writeFile(broken, Buffer.concat([Buffer.from([0x18, 0, 0, 0]), Buffer.from('TFL3'), Buffer.alloc(64, 7)]));
    const result = await runCli([broken, '--name', 'broken', '--repository', join(folder, 'm'), '--json']);
    expect(result.code).toBe(3);
    const error = JSON.parse(result.stdout).error;
    expect(error).toMatchObject({ code: 'ERR_UNSUPPORTED_SOURCE', category: 'source', source: broken });
    expect(error.message).toContain('is not a readable TF Lite model');
  });
});
