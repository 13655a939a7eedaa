import { execFileSync } from 'node:child_process';
import {
  appendFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  truncate,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../core.js';
import { ArtifactCorruptError } from '../errors/artifact-corrupt-error.js';
import { ArtifactNotFoundError } from '../errors/artifact-not-found-error.js';
import { Tensor } from '../tensor.js';
import { writeMeanColorIr } from '../test-support/tiny-ir.js';
import { loadArtifact } from './load-artifact.js';
import { writeTestArtifact } from './test-support/write-test-artifact.js';

let repository: string;
let core: Core;

beforeAll(async () => {
  repository = await mkdtemp(join(tmpdir(), 'hubvino-artifacts-'));
  core = new Core();
});
afterAll(async () => {
  core.dispose();
  await rm(repository, { recursive: true, force: true });
});

/** A fresh copy of the mean-colour artifact under a new name, so each test can damage its own. */
async function meanColorArtifact(name: string, version = 1, manifest = {}): Promise<string> {
  return writeTestArtifact(repository, name, version, {
    writeFiles: (directory) => writeMeanColorIr(directory),
    manifest: {
      inputs: [{ name: 'image', shape: [1, 2, 2, 3], elementType: 'f32', layout: 'NHWC' }],
      outputs: [{ name: 'logits', shape: [1, 3], elementType: 'f32' }],
      compile: { device: 'CPU', config: { PERFORMANCE_HINT: 'THROUGHPUT' } },
      ...manifest,
    },
  });
}

/** Mean R, G, B of a 2x2 image whose 12 values are 0..11: (0+3+6+9)/4 = 4.5, 5.5, 6.5. */
const pixels = Float32Array.from({ length: 12 }, (_, index) => index);

describe('loadArtifact', () => {
  it('loads the latest version, verifies it, compiles with the manifest settings and runs', async () => {
    await meanColorArtifact('mean', 1);
    const latest = await meanColorArtifact('mean', 3);
    await meanColorArtifact('mean', 2);
    using artifact = await loadArtifact(repository, 'mean', { core });
    expect(artifact.version).toBe(3);
    expect(artifact.directory).toBe(latest);
    expect(artifact.manifest.name).toBe('mean');
    expect(artifact.device).toBe('CPU');
    expect(artifact.compiledModel.getProperty('PERFORMANCE_HINT')).toBe('THROUGHPUT');
    expect(artifact.labels).toBeUndefined();
    using request = artifact.compiledModel.createInferRequest();
    const result = request.infer({ image: new Tensor('f32', [1, 2, 2, 3], pixels) });
    expect(result.logits!.data).toEqual(new Float32Array([4.5, 5.5, 6.5]));
  });

  it('loads a requested version and lets the caller override device settings', async () => {
    await meanColorArtifact('pinned', 1);
    await meanColorArtifact('pinned', 2);
    using artifact = await loadArtifact(repository, 'pinned', {
      version: 1,
      core,
      config: { PERFORMANCE_HINT: 'LATENCY' },
    });
    expect(artifact.version).toBe(1);
    expect(artifact.config.PERFORMANCE_HINT).toBe('LATENCY');
    expect(artifact.compiledModel.getProperty('PERFORMANCE_HINT')).toBe('LATENCY');
  });

  it('reads the labels file the manifest names', async () => {
    await writeTestArtifact(repository, 'labelled', 1, {
      writeFiles: async (directory) => {
        await writeMeanColorIr(directory);
        await writeFile(join(directory, 'labels.txt'), 'red\ngreen\nblue\n');
      },
      files: ['model.xml', 'model.bin', 'labels.txt'],
      manifest: { postprocessing: { activation: 'softmax', labelsFile: 'labels.txt' } },
    });
    using artifact = await loadArtifact(repository, 'labelled', { core });
    expect(artifact.labels).toEqual(['red', 'green', 'blue']);
  });

  it('fills the model cache folder when cacheDirectory is given', async () => {
    await meanColorArtifact('cached', 1);
    const cacheDirectory = join(repository, '.cache');
    const artifact = await loadArtifact(repository, 'cached', { cacheDirectory });
    expect(artifact.config.CACHE_DIR).toBe(cacheDirectory);
    artifact.dispose();
    artifact.dispose();
    expect((await readdir(cacheDirectory)).some((file) => file.endsWith('.blob'))).toBe(true);
  });

  it('rejects a missing model with ArtifactNotFoundError that says how to convert one', async () => {
    const error = await loadArtifact(repository, 'no_such_model', { core }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ArtifactNotFoundError);
    expect((error as Error).message).toContain('no_such_model');
    expect((error as Error).message).toContain('pnpm convert');
  });

  it('rejects a missing version with ArtifactNotFoundError listing the versions there are', async () => {
    await meanColorArtifact('versions', 1);
    await meanColorArtifact('versions', 2);
    await expect(loadArtifact(repository, 'versions', { version: 7, core })).rejects.toThrow(
      /no version 7 .*it has 1, 2/,
    );
    await expect(loadArtifact(repository, 'versions', { version: 7, core })).rejects.toBeInstanceOf(
      ArtifactNotFoundError,
    );
  });

  it('rejects a version folder without hubvino.json with ArtifactNotFoundError', async () => {
    const directory = await meanColorArtifact('unpublished', 1);
    await rm(join(directory, 'hubvino.json'));
    await expect(loadArtifact(repository, 'unpublished', { core })).rejects.toThrow(/hubvino\.json.*pnpm convert/s);
  });

  it('rejects a truncated .bin with ArtifactCorruptError naming model.bin', async () => {
    const directory = await meanColorArtifact('truncated', 1);
    await truncate(join(directory, 'model.bin'), 8);
    const error = await loadArtifact(repository, 'truncated', { core }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ArtifactCorruptError);
    expect(error).toMatchObject({ code: 'ERR_ARTIFACT_CORRUPT', file: join(directory, 'model.bin') });
    expect((error as Error).message).toMatch(/8 bytes but the manifest says 16/);
  });

  it('rejects a .bin altered in place (same size) by its sha256', async () => {
    const directory = await meanColorArtifact('altered', 1);
    await writeFile(join(directory, 'model.bin'), Buffer.from(new BigInt64Array([2n, 1n]).buffer));
    await expect(loadArtifact(repository, 'altered', { core })).rejects.toMatchObject({
      name: 'ArtifactCorruptError',
      file: join(directory, 'model.bin'),
      message: expect.stringMatching(/sha256/),
    });
  });

  it('rejects a missing listed file with ArtifactCorruptError naming it', async () => {
    const directory = await meanColorArtifact('missing_xml', 1);
    await rm(join(directory, 'model.xml'));
    await expect(loadArtifact(repository, 'missing_xml', { core })).rejects.toMatchObject({
      name: 'ArtifactCorruptError',
      file: join(directory, 'model.xml'),
    });
  });

  it('rejects hubvino.json that is not JSON with ArtifactCorruptError naming it', async () => {
    const directory = await meanColorArtifact('bad_json', 1);
    await appendFile(join(directory, 'hubvino.json'), '}{');
    await expect(loadArtifact(repository, 'bad_json', { core })).rejects.toMatchObject({
      name: 'ArtifactCorruptError',
      file: join(directory, 'hubvino.json'),
      message: expect.stringMatching(/not valid JSON/),
    });
  });

  it('rejects a manifest of another schema with ArtifactCorruptError naming the field', async () => {
    const directory = await meanColorArtifact('wrong_schema', 1);
    const file = join(directory, 'hubvino.json');
    const manifest = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...manifest, schema: 2 }));
    await expect(loadArtifact(repository, 'wrong_schema', { core })).rejects.toMatchObject({
      name: 'ArtifactCorruptError',
      file,
      message: expect.stringMatching(/schema/),
    });
    await writeFile(file, JSON.stringify({ ...manifest, files: 'model.xml' }));
    await expect(loadArtifact(repository, 'wrong_schema', { core })).rejects.toThrow(/files/);
  });

  it('rejects a manifest that does not list model.bin, or lists a file outside the folder', async () => {
    await writeTestArtifact(repository, 'unlisted', 1, {
      writeFiles: (directory) => writeMeanColorIr(directory),
      files: ['model.xml'],
    });
    await expect(loadArtifact(repository, 'unlisted', { core })).rejects.toThrow(/does not list model\.bin/);
    const directory = await meanColorArtifact('escape', 1);
    const file = join(directory, 'hubvino.json');
    const manifest = JSON.parse(await readFile(file, 'utf8'));
    manifest.files.push({ path: '../../secret', size: 1, sha256: '0'.repeat(64) });
    await writeFile(file, JSON.stringify(manifest));
    await expect(loadArtifact(repository, 'escape', { core })).rejects.toThrow(/outside the version folder/);
  });

  it('rejects a manifest that belongs to another model or version', async () => {
    await writeTestArtifact(repository, 'moved', 2, {
      writeFiles: (directory) => writeMeanColorIr(directory),
      manifest: { name: 'moved', version: 1 },
    });
    await expect(loadArtifact(repository, 'moved', { core })).rejects.toThrow(/moved version 1.*version 2/);
  });

  it('rejects model.xml that is not IR (with matching hashes) with ArtifactCorruptError naming it', async () => {
    const directory = await writeTestArtifact(repository, 'not_ir', 1, {
      writeFiles: async (directory) => {
        await writeMeanColorIr(directory);
        await writeFile(join(directory, 'model.xml'), '<html><body>not a network</body></html>');
      },
    });
    await expect(loadArtifact(repository, 'not_ir', { core })).rejects.toMatchObject({
      name: 'ArtifactCorruptError',
      file: join(directory, 'model.xml'),
    });
    // The Core is still healthy afterwards.
    using artifact = await loadArtifact(repository, 'mean', { core });
    expect(artifact.version).toBe(3);
  });

  it('rejects a malformed name or version with ArgumentError', async () => {
    await expect(loadArtifact(repository, '../etc', { core })).rejects.toMatchObject({ argument: 'name' });
    await expect(loadArtifact(repository, 'mean', { version: 0, core })).rejects.toMatchObject({
      argument: 'version',
    });
  });

  it('refuses a labelsFile outside the version folder (../../x, /etc/passwd, /dev/zero) or not listed in files', async () => {
    for (const [index, labelsFile] of ['../../x', '/etc/passwd', '/dev/zero', 'labels.txt'].entries()) {
      const name = `labels_escape_${index}`;
      await writeTestArtifact(repository, name, 1, {
        writeFiles: async (directory) => {
          await writeMeanColorIr(directory);
          await writeFile(join(directory, 'labels.txt'), 'red\ngreen\nblue\n');
        },
        manifest: { postprocessing: { activation: 'softmax', labelsFile } },
      });
      const error = await loadArtifact(repository, name, { core }).catch((caught: unknown) => caught);
      expect(error, labelsFile).toBeInstanceOf(ArtifactCorruptError);
      expect((error as Error).message).toMatch(
        labelsFile === 'labels.txt' ? /does not list it in 'files'/ : /outside the version folder/,
      );
    }
  });

  it('refuses a manifest compile.config that sets CACHE_DIR (or any path-like property) and writes nothing there', async () => {
    const target = join(repository, 'manifest-chosen-cache');
    await meanColorArtifact('cache_dir', 1, { compile: { device: 'CPU', config: { CACHE_DIR: target } } });
    await expect(loadArtifact(repository, 'cache_dir', { core })).rejects.toThrow(
      /compile\.config\.CACHE_DIR.*may not set/,
    );
    await expect(readdir(target)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a listed file that is a symlink to /dev/zero, a FIFO or a symlink out of the folder, without hanging', async () => {
    const cases: [string, (file: string) => Promise<void>, RegExp][] = [
      ['zero_link', (file) => symlink('/dev/zero', file), /symbolic link/],
      ['fifo', async (file) => void execFileSync('mkfifo', [file]), /not a regular file \(a FIFO\)/],
      ['outside_link', (file) => symlink('/etc/hostname', file), /symbolic link/],
    ];
    for (const [name, replace, message] of cases) {
      const directory = await meanColorArtifact(name, 1);
      await unlink(join(directory, 'model.bin'));
      await replace(join(directory, 'model.bin'));
      const started = Date.now();
      await expect(loadArtifact(repository, name, { core })).rejects.toThrow(message);
      await expect(loadArtifact(repository, name, { core, verify: false })).rejects.toThrow(message);
      expect(Date.now() - started).toBeLessThan(5000);
    }
    // hubvino.json itself as a FIFO: refused, not read forever.
    const directory = await meanColorArtifact('fifo_manifest', 1);
    await unlink(join(directory, 'hubvino.json'));
    execFileSync('mkfifo', [join(directory, 'hubvino.json')]);
    await expect(loadArtifact(repository, 'fifo_manifest', { core })).rejects.toThrow(/not a regular file/);
  });

  it('ignores a stray folder named 99999999999999999999 (not an exact version) and loads the real latest', async () => {
    await meanColorArtifact('stray', 2);
    await mkdir(join(repository, 'stray', '99999999999999999999'));
    using artifact = await loadArtifact(repository, 'stray', { core });
    expect(artifact.version).toBe(2);
    await expect(loadArtifact(repository, 'stray', { core, version: 1e20 })).rejects.toMatchObject({
      name: 'ArgumentError',
    });
  });
});
