import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolchainPins } from '@hubvino/runtime/toolchain';
import { describe, expect, it } from 'vitest';
import { tensorFlowAddonStatus } from './load-tensorflow.js';

const script = join(dirname(fileURLToPath(import.meta.url)), '..', 'scripts', 'build-addon.mjs');

function runScript(environment: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(process.execPath, [script, '--json'], { encoding: 'utf8', env: environment });
  return { status: result.status, report: JSON.parse(result.stdout) };
}

describe('scripts/build-addon.mjs', () => {
  it('does nothing when the addon is up to date and reports where it is', () => {
    const { status, report } = runScript();
    expect(status).toBe(0);
    expect(report.built).toBe(false);
    expect(report.tensorflowVersion).toBe(toolchainPins().dev['tensorflow-cpu']);
    expect(report.bindingPath).toBe(tensorFlowAddonStatus().bindingPath);
    expect(existsSync(report.bindingPath)).toBe(true);
  });

  it('fails with exit 8 and says to run pnpm setup:dev when TensorFlow is not provisioned', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'hubvino-no-toolchain-'));
    try {
      const { status, report } = runScript({ ...process.env, HUBVINO_TOOLCHAIN_DIR: empty });
      expect(status).toBe(8);
      expect(report.error.code).toBe('ERR_TENSORFLOW_NOT_FOUND');
      expect(report.error.message).toContain('pnpm setup:dev');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
