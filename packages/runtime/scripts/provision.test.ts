import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const script = join(dirname(fileURLToPath(import.meta.url)), 'provision.mjs');
const toolchainEXIT = 8;

/** Runs provision.mjs without blocking this process, so loopback servers in the test keep answering. */
function provision(
  environment: NodeJS.ProcessEnv,
  args: string[] = [],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { ...process.env, HUBVINO_SKIP_PROVISION: '', ...environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** pip settings that keep every request on this machine's loopback server. */
function pipEnvironment(indexUrl: string, findLinks: string): NodeJS.ProcessEnv {
  return {
    PIP_INDEX_URL: indexUrl,
    PIP_EXTRA_INDEX_URL: '',
    PIP_FIND_LINKS: findLinks,
    PIP_RETRIES: '0',
    PIP_TIMEOUT: '3',
    PIP_CONFIG_FILE: '/dev/null',
  };
}

let scratch: string;
let emptyFindLinks: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'hubvino-provision-'));
  emptyFindLinks = join(scratch, 'no-wheels');
  await mkdir(emptyFindLinks);
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function freshToolchainDirectory(name: string): Promise<string> {
  const directory = join(scratch, name);
  await mkdir(directory, { recursive: true });
  return directory;
}

describe('provision.mjs', () => {
  it('reuses a complete venv without starting Python at all', async () => {
    // The toolchain provisioned by `pnpm install` is complete; a Python that does not exist proves nothing is spawned.
    const result = await provision({ HUBVINO_PYTHON: '/nonexistent/python3' }, ['--json']);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.base.reused).toBe(true);
    expect(report.base.openvino).toBe('2026.4.1');
  });

  it('fails with ERR_PYTHON_NOT_FOUND and names HUBVINO_PYTHON when no Python can be found', async () => {
    const directory = await freshToolchainDirectory('no-python');
    const result = await provision({ HUBVINO_TOOLCHAIN_DIR: directory, HUBVINO_PYTHON: '/nonexistent/python3' });
    expect(result.status).toBe(toolchainEXIT);
    expect(result.stderr).toContain('ERR_PYTHON_NOT_FOUND');
    expect(result.stderr).toContain('HUBVINO_PYTHON');
    expect(readdirSync(directory)).toEqual([]);
  });

  it('fails with ERR_PYTHON_NO_VENV and says which package to install when venv cannot be imported', async () => {
    const directory = await freshToolchainDirectory('no-venv');
    const shadow = join(scratch, 'shadow-venv');
    await mkdir(shadow, { recursive: true });
    // A module earlier on sys.path than the standard library makes `import venv` fail, as on Debian without python3-venv.
    await writeFile(join(shadow, 'venv.py'), 'raise ImportError("No module named venv (shadowed by a test)")\n');
    const result = await provision({ HUBVINO_TOOLCHAIN_DIR: directory, HUBVINO_PYTHON: 'python3', PYTHONPATH: shadow });
    expect(result.status).toBe(toolchainEXIT);
    expect(result.stderr).toContain('ERR_PYTHON_NO_VENV');
    expect(result.stderr).toContain('python3-venv');
    expect(readdirSync(directory)).toEqual([]);
  });

  describe('with a loopback package index', () => {
    let server: Server;
    let indexUrl: string;
    beforeAll(async () => {
      // Answers every project page with an empty list: a reachable index that has no wheel for this platform.
      server = createServer((request, response) => {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end(`<!DOCTYPE html><html><body><!-- no files for ${request.url} --></body></html>`);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      indexUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/simple/`;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('fails with ERR_NO_WHEEL, leaves no venv behind, and names the requirement when the index has no wheel', async () => {
      const directory = await freshToolchainDirectory('no-wheel');
      const result = await provision({ HUBVINO_TOOLCHAIN_DIR: directory, ...pipEnvironment(indexUrl, emptyFindLinks) });
      expect(result.status).toBe(toolchainEXIT);
      expect(result.stderr).toContain('ERR_NO_WHEEL');
      expect(result.stderr).toContain('openvino==2026.4.1');
      expect(readdirSync(directory)).toEqual([]);
    });
  });

  it('fails with ERR_NO_NETWORK when the package index cannot be reached', async () => {
    const directory = await freshToolchainDirectory('no-network');
    // Port 9 (discard) on loopback: nothing listens, so every connection is refused at once.
    const result = await provision({
      HUBVINO_TOOLCHAIN_DIR: directory,
      ...pipEnvironment('http://127.0.0.1:9/simple/', emptyFindLinks),
    });
    expect(result.status).toBe(toolchainEXIT);
    expect(result.stderr).toContain('ERR_NO_NETWORK');
    expect(readdirSync(directory)).toEqual([]);
  });

  it('leaves no toolchain that later "works" when the install is killed half-way', async () => {
    const directory = await freshToolchainDirectory('killed');
    // An index that never answers keeps pip waiting, so the kill lands in the middle of the install.
    const hanging = createServer(() => {});
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/simple/`;
    try {
      const child = spawn(process.execPath, [script], {
        env: {
          ...process.env,
          HUBVINO_SKIP_PROVISION: '',
          HUBVINO_TOOLCHAIN_DIR: directory,
          ...pipEnvironment(url, emptyFindLinks),
          PIP_TIMEOUT: '60',
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      // Wait until the staging venv exists, then kill without giving the script a chance to clean up.
      const deadline = Date.now() + 60_000;
      while (!readdirSync(directory).some((name) => name.includes('.tmp-')) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(readdirSync(directory).some((name) => name.includes('.tmp-'))).toBe(true);
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      expect(stderr).toContain('creating Python venv');
      // The final venv name never appears, so nothing can mistake the leftovers for a toolchain.
      expect(existsSync(join(directory, 'openvino-2026.4.1'))).toBe(false);
      const check = await provision({ HUBVINO_TOOLCHAIN_DIR: directory }, ['--check']);
      expect(check.status).toBe(toolchainEXIT);
      expect(check.stderr).toContain('ERR_NOT_PROVISIONED');
      // The next install removes the dead install's staging folder before it starts its own.
      const next = await provision({ HUBVINO_TOOLCHAIN_DIR: directory, HUBVINO_PYTHON: '/nonexistent/python3' });
      expect(next.status).toBe(toolchainEXIT);
      expect(readdirSync(directory)).toEqual([]);
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  });
});
