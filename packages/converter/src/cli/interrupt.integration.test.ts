import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processesMentioning, waitFor } from '../test-support/process-table.js';
import { runConverterCli } from '../test-support/run-process.js';
import { sharedModels, workspaceDirectory } from '../test-support/workspace-paths.js';

/**
 * Interrupting real conversions (real ovc on ../shared's MobileNetV2): whatever stops them, nothing
 * is left behind that the next run trips over, and nothing keeps running.
 */

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'hubvino-interrupt-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  output: () => string;
  ended: Promise<[number | null, NodeJS.Signals | null]>;
}

function start(command: string, args: string[], environment: Record<string, string> = {}): Started {
  const child = spawn(command, args, {
    cwd: workspaceDirectory,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...environment },
  });
  let text = '';
  child.stdout?.on('data', (chunk) => {
    text += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    text += chunk;
  });
  return { child, output: () => text, ended: once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]> };
}

const converterMain = join(workspaceDirectory, 'packages/converter/dist/cli/main.js');

/** Starts a conversion into `repository` and resolves once ovc runs for it. */
async function startConversion(repository: string, viaPnpm = false): Promise<Started> {
  const args = [sharedModels.mobilenetV2Quant, '--name', 'mnet', '--repository', repository];
  const run = viaPnpm ? start('pnpm', ['convert', ...args]) : start(process.execPath, [converterMain, ...args]);
  await waitFor(() => {
    if (run.child.exitCode !== null) throw new Error(`the conversion ended before ovc started:\n${run.output()}`);
    return processesMentioning(`${repository}/.staging-mnet-`).some((pid) => pid !== run.child.pid);
  }, 'ovc to start');
  return run;
}

async function leftovers(repository: string): Promise<string[]> {
  return (await readdir(repository).catch(() => [])).sort();
}

describe('interrupted conversions', () => {
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`${signal} during ovc kills ovc, removes the staging folder and the lock, publishes nothing and exits ${code}`, async () => {
      const repository = join(folder, signal);
      const run = await startConversion(repository);
      run.child.kill(signal);
      const [exitCode] = await run.ended;
      expect(exitCode, run.output()).toBe(code);
      expect(run.output()).toMatch(new RegExp(`${signal} received; stopping ovc`));
      expect(run.output()).toMatch(/ERR_INTERRUPTED|Interrupted by/);
      expect(await leftovers(repository)).toEqual([]);
      await waitFor(() => processesMentioning(repository).length === 0, 'ovc to be gone', 5000);
    });
  }

  it('after SIGKILL, ovc dies with the converter, and the next run takes over the lock and sweeps the staging folder', async () => {
    const repository = join(folder, 'SIGKILL');
    const run = await startConversion(repository);
    run.child.kill('SIGKILL');
    await run.ended;
    // ovc gets SIGKILL from the kernel when its parent dies (setpriv --pdeathsig), not minutes later.
    await waitFor(() => processesMentioning(repository).length === 0, 'ovc to die with its parent', 5000);
    const debris = await leftovers(repository);
    expect(debris).toContain('.mnet.lock');
    expect(debris.some((entry) => /^\.staging-mnet-[A-Za-z0-9]{6}$/.test(entry))).toBe(true);

    const next = await runConverterCli([sharedModels.mobilenetV2Quant, '--name', 'mnet', '--repository', repository]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(/took over the lock of a conversion that is gone/);
    expect(next.stderr).toMatch(/removed staging left by killed conversions/);
    expect(await leftovers(repository)).toEqual(['mnet']);
    expect(await readdir(join(repository, 'mnet'))).toEqual(['1']);
  });

  it('SIGTERM to `pnpm convert` reaches the converter: nothing is published, nothing is left running', async () => {
    const repository = join(folder, 'pnpm');
    const run = await startConversion(repository, true);
    run.child.kill('SIGTERM');
    await run.ended;
    // pnpm exits at once; the converter (told by the wrapper) cleans up and exits shortly after.
    await waitFor(() => processesMentioning(repository).length === 0, 'the converter and ovc to exit', 15_000);
    expect(await leftovers(repository)).toEqual([]);
  });

  it('takes over an empty lock file (a full disk) with a message instead of waiting forever', async () => {
    const repository = join(folder, 'empty-lock');
    await mkdir(repository, { recursive: true });
    await writeFile(join(repository, '.mnet.lock'), '');
    const old = new Date(Date.now() - 3_600_000);
    await utimes(join(repository, '.mnet.lock'), old, old);
    const result = await runConverterCli([sharedModels.mobilenetV2Quant, '--name', 'mnet', '--repository', repository]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/took over the lock of a conversion silent for too long \(empty lock file\)/);
  });

  it('gives up on a live lock held from another host after HUBVINO_LOCK_TIMEOUT_MS with ERR_LOCK_TIMEOUT naming it', async () => {
    const repository = join(folder, 'live-lock');
    await mkdir(repository, { recursive: true });
    const lockFile = join(repository, '.mnet.lock');
    await writeFile(lockFile, 'build-agent-7.example.99.0011aa');
    // The other host's heartbeat: the file's time keeps moving.
    const heartbeat = setInterval(() => {
      const now = new Date();
      void utimes(lockFile, now, now).catch(() => {});
    }, 200);
    try {
      const result = await runConverterCli(
        [sharedModels.mobilenetV2Quant, '--name', 'mnet', '--repository', repository, '--json'],
        { HUBVINO_LOCK_TIMEOUT_MS: '2000', HUBVINO_LOCK_STALE_MS: '30000' },
      );
      expect(result.code, result.stderr).toBe(4);
      const error = JSON.parse(result.stdout).error;
      expect(error.code).toBe('ERR_LOCK_TIMEOUT');
      expect(error.message).toContain(lockFile);
      expect(error.message).toContain('build-agent-7.example.99.0011aa');
    } finally {
      clearInterval(heartbeat);
    }
    expect(await leftovers(repository)).toEqual(['.mnet.lock']);
  });
});
