import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildRawTar, zeroFileTarGz } from '../test-support/tar-builder.js';
import { DEFAULT_EXTRACT_LIMITS, extractTarSafely } from './safe-extract.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'hubvino-extract-'));
});
afterEach(async () => {
  // An aborted extraction may still be closing files it had open; rm retries meanwhile.
  await rm(directory, { recursive: true, force: true, maxRetries: 5 });
});

async function extractedBytes(): Promise<number> {
  let total = 0;
  for (const entry of await readdir(directory, { recursive: true })) {
    const info = await stat(join(directory, entry));
    if (info.isFile()) total += info.size;
  }
  return total;
}

describe('extractTarSafely limits', () => {
  it('stops a 3 GiB entry in a ~3 MB .tar.gz (a decompression bomb) by its ratio, after ~64 MiB, with ERR_ARCHIVE_TOO_LARGE', async () => {
    const bomb = zeroFileTarGz('variables/variables.data-00000-of-00001', 3 * 1024 ** 3);
    expect(bomb.length).toBeLessThan(5 * 1024 * 1024);
    // Fed in 64 KiB chunks, as a file or download stream is.
    const chunks = Array.from({ length: Math.ceil(bomb.length / 65536) }, (_, index) =>
      bomb.subarray(index * 65536, (index + 1) * 65536),
    );
    const error = await extractTarSafely(Readable.from(chunks), directory, 'bomb.tar.gz').catch((caught) => caught);
    expect(error).toMatchObject({ name: 'SourceError', code: 'ERR_ARCHIVE_TOO_LARGE', category: 'source' });
    expect(error.message).toMatch(/bomb\.tar\.gz is refused: it expands more than 50 times/);
    expect(await extractedBytes()).toBeLessThan(2 * DEFAULT_EXTRACT_LIMITS.ratioAfterBytes);
  });

  it('refuses an entry that takes the total past maxTotalBytes from its header, before writing it', async () => {
    const archive = buildRawTar([
      { path: 'saved_model.pb', type: '0', content: Buffer.alloc(1000, 1) },
      { path: 'variables/big', type: '0', content: Buffer.alloc(5000, 2) },
    ]);
    const error = await extractTarSafely(Readable.from([archive]), directory, 'model.tar.gz', undefined, {
      maxTotalBytes: 4096,
    }).catch((caught) => caught);
    expect(error).toMatchObject({ code: 'ERR_ARCHIVE_TOO_LARGE' });
    expect(error.message).toMatch(/'variables\/big' brings them to/);
    expect(await readdir(directory, { recursive: true })).not.toContain(join('variables', 'big'));
  });

  it('refuses more entries than maxEntries', async () => {
    const archive = buildRawTar(
      Array.from({ length: 12 }, (_, index) => ({ path: `f${index}`, type: '0' as const, content: Buffer.from('x') })),
    );
    await expect(
      extractTarSafely(Readable.from([archive]), directory, 'many.tar.gz', undefined, { maxEntries: 10 }),
    ).rejects.toMatchObject({ code: 'ERR_ARCHIVE_TOO_LARGE', message: expect.stringMatching(/more than 10 entries/) });
  });

  it('extracts an ordinary archive (gzip or plain tar) within the limits', async () => {
    const entries = [
      { path: 'saved_model.pb', type: '0' as const, content: Buffer.from('pb') },
      { path: 'variables/', type: '5' as const },
      { path: 'variables/variables.index', type: '0' as const, content: Buffer.from('index') },
    ];
    expect(await extractTarSafely(Readable.from([buildRawTar(entries)]), directory, 'ok.tar.gz')).toBe(2);
    const plain = await mkdtemp(join(tmpdir(), 'hubvino-extract-plain-'));
    try {
      expect(await extractTarSafely(Readable.from([buildRawTar(entries, false)]), plain, 'ok.tar')).toBe(2);
    } finally {
      await rm(plain, { recursive: true, force: true });
    }
  });
});
