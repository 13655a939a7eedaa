import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConverterCli } from '../test-support/run-process.js';
import { sharedModels } from '../test-support/workspace-paths.js';

/** Arguments a hostile or careless user gives the converter CLI: typed errors, early, never a hang. */

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'hubvino-cli-edges-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

function jsonError(stdout: string): { code: string; message: string; category?: string } {
  return JSON.parse(stdout).error;
}

describe('converter CLI edges', () => {
  it('refuses --version 99999999999999999999 as a usage error before any work (no repository, no staging)', async () => {
    const repository = join(folder, 'huge-version');
    const started = Date.now();
    const result = await runConverterCli([
      sharedModels.mobilenetV2Quant,
      '--name',
      'mnet',
      '--repository',
      repository,
      '--version',
      '99999999999999999999',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(2);
    expect(jsonError(result.stdout)).toMatchObject({ code: 'ERR_INVALID_ARGUMENT', category: 'usage' });
    expect(jsonError(result.stdout).message).toMatch(/'--version' must be a positive integer up to 9007199254740991/);
    expect(result.stdout).not.toMatch(/ZodError|too_big|ERR_INTERNAL/);
    await expect(stat(repository)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('answers --repository /proc/x with ERR_REPOSITORY_NOT_WRITABLE instead of hanging', async () => {
    const result = await runConverterCli([
      sharedModels.mobilenetV2Quant,
      '--name',
      'mnet',
      '--repository',
      '/proc/x',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(4);
    expect(jsonError(result.stdout)).toMatchObject({ code: 'ERR_REPOSITORY_NOT_WRITABLE' });
    expect(jsonError(result.stdout).message).toContain('/proc/x');
  });

  it('answers `list <a file>` as a usage error (exit 2) naming the path, not an internal error', async () => {
    const file = join(folder, 'not-a-repository.txt');
    await writeFile(file, 'hello');
    const result = await runConverterCli(['list', file, '--json']);
    expect(result.code, result.stderr).toBe(2);
    expect(jsonError(result.stdout)).toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    expect(jsonError(result.stdout).message).toMatch(/is a file, not a model repository folder/);
    // A repository that does not exist yet is simply empty.
    const missing = await runConverterCli(['list', join(folder, 'nothing-here'), '--json']);
    expect(missing.code, missing.stderr).toBe(0);
    expect(JSON.parse(missing.stdout).models).toEqual([]);
  });

  it('refuses a 300-character --name as a usage error naming the name, not "repository not writable"', async () => {
    const repository = join(folder, 'long-name');
    const result = await runConverterCli([
      sharedModels.mobilenetV2Quant,
      '--name',
      'a'.repeat(300),
      '--repository',
      repository,
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(2);
    expect(jsonError(result.stdout).message).toMatch(/'name' must be at most 200 characters \(got 300\)/);
    await expect(stat(repository)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses --task style-transfer for a classifier before running ovc, naming the task that fits', async () => {
    const repository = join(folder, 'wrong-task');
    const result = await runConverterCli([
      sharedModels.mobilenetV2Quant,
      '--name',
      'mnet',
      '--repository',
      repository,
      '--task',
      'style-transfer',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(2);
    expect(jsonError(result.stdout).message).toMatch(
      /'task' style-transfer does not fit this model.*image-classification/,
    );
    expect(result.stderr).not.toMatch(/ovc </);
    expect(await readdir(repository).catch(() => [])).toEqual([]);
  });
});
