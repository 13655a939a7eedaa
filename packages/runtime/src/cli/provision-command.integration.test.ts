import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { toolchainDirectory, toolchainPins, venvNames } from '../toolchain/toolchain-paths.js';

// The bin as a package manager links it; packages/packaging-test runs it through npm's and pnpm's links.
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'hubvino.js');

describe('hubvino provision', () => {
  it('returns at once with --json when the toolchain is already provisioned', () => {
    const result = spawnSync(process.execPath, [cli, 'provision', '--json'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      directory: toolchainDirectory(),
      openvino: toolchainPins().openvino,
      seconds: 0,
      base: { path: join(toolchainDirectory(), venvNames().base), reused: true, openvino: toolchainPins().openvino },
    });
  });

  it('--check exits 8 with one JSON error naming the missing venv, and installs nothing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'hubvino-provision-'));
    try {
      const result = spawnSync(process.execPath, [cli, 'provision', '--check', '--json'], {
        encoding: 'utf8',
        env: { ...process.env, HUBVINO_TOOLCHAIN_DIR: empty },
      });
      expect(result.status).toBe(8);
      const { error } = JSON.parse(result.stdout);
      expect(error.code).toBe('ERR_NOT_PROVISIONED');
      expect(error.message).toContain(join(empty, venvNames().base));
      expect(await readdir(empty)).toEqual([]);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('reports a provisioning failure with its code and exit 8', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'hubvino-provision-'));
    try {
      const result = spawnSync(process.execPath, [cli, 'provision'], {
        encoding: 'utf8',
        env: { ...process.env, HUBVINO_TOOLCHAIN_DIR: empty, HUBVINO_PYTHON: join(empty, 'no-such-python') },
      });
      expect(result.status).toBe(8);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^hubvino: No Python interpreter found \(tried .*no-such-python\)/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
