import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HubvinoError } from '../errors/hubvino-error.js';
import {
  locateDevToolchain,
  locateOpenVino,
  locateQuantizeToolchain,
  locateServingToolchain,
} from './locate-openvino.js';
import {
  cliCommand,
  hubvinoWorkspaceRoot,
  provisionCommand,
  toolchainDirectory,
  toolchainPins,
  venvNames,
} from './toolchain-paths.js';

const provisionScript = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'provision.mjs');

describe('locateOpenVino', () => {
  it('finds the provisioned OpenVINO at the pinned version with its C library and tools', () => {
    const distribution = locateOpenVino();
    expect(distribution.version).toBe(toolchainPins().openvino);
    expect(distribution.foundBy).toBe('provisioned');
    expect(existsSync(distribution.cLibraryPath)).toBe(true);
    expect(distribution.cLibraryPath).toMatch(/libopenvino_c/);
    expect(distribution.ovc && existsSync(distribution.ovc.args[0] ?? '')).toBe(true);
    expect(distribution.benchmarkApp && existsSync(distribution.benchmarkApp.args[0] ?? '')).toBe(true);
    expect(existsSync(join(distribution.includeDirectory ?? '', 'openvino', 'c', 'openvino.h'))).toBe(true);
  });

  it('agrees with provision.mjs on where the toolchain lives', () => {
    const result = spawnSync(process.execPath, [provisionScript, '--check', '--json'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).directory).toBe(toolchainDirectory());
  });

  it('rejects HUBVINO_OPENVINO_LIB_DIR without a C library with ToolchainError naming the variable', () => {
    const environment = { ...process.env, HUBVINO_OPENVINO_LIB_DIR: tmpdir() };
    try {
      locateOpenVino(environment);
      expect.unreachable();
    } catch (error) {
      expect(HubvinoError.isInstance(error)).toBe(true);
      expect((error as HubvinoError).code).toBe('ERR_OPENVINO_NOT_FOUND');
      expect((error as Error).message).toContain('HUBVINO_OPENVINO_LIB_DIR');
    }
  });

  it('accepts HUBVINO_OPENVINO_LIB_DIR pointing at a real OpenVINO library folder', () => {
    const provisioned = locateOpenVino();
    const found = locateOpenVino({ ...process.env, HUBVINO_OPENVINO_LIB_DIR: provisioned.libraryDirectory });
    expect(found.foundBy).toBe('environment');
    expect(found.cLibraryPath).toBe(provisioned.cLibraryPath);
  });

  it('says how to provision when the toolchain folder is empty', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'hubvino-empty-'));
    try {
      expect(() => locateOpenVino({ ...process.env, HUBVINO_TOOLCHAIN_DIR: empty })).toThrow(/pnpm install/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('HUBVINO_AUTO_PROVISION=1', () => {
  it('runs the provisioner on first use and reports its failure as a ToolchainError with its code', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'hubvino-auto-'));
    try {
      // A Python that does not exist makes the provisioner fail at once, before any download.
      const environment = {
        ...process.env,
        HUBVINO_TOOLCHAIN_DIR: empty,
        HUBVINO_AUTO_PROVISION: '1',
        HUBVINO_PYTHON: join(empty, 'no-such-python'),
      };
      expect(() => locateOpenVino(environment)).toThrow(
        expect.objectContaining({
          name: 'ToolchainError',
          code: 'ERR_PYTHON_NOT_FOUND',
          message: expect.stringMatching(/^HUBVINO_AUTO_PROVISION=1 could not provision OpenVINO .*no-such-python/),
        }),
      );
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('is not tried without the variable: the error names the provisioning command instead', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'hubvino-auto-'));
    try {
      const environment: NodeJS.ProcessEnv = {
        ...process.env,
        HUBVINO_TOOLCHAIN_DIR: empty,
        HUBVINO_PYTHON: join(empty, 'no-such-python'),
      };
      delete environment.HUBVINO_AUTO_PROVISION;
      expect(() => locateOpenVino(environment)).toThrow(
        expect.objectContaining({
          code: 'ERR_OPENVINO_NOT_FOUND',
          message: expect.stringContaining(`'${provisionCommand()}'`),
        }),
      );
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('messages in the hubvino workspace', () => {
  // Installed copies (npm, pnpm) are covered by packages/packaging-test.
  it('use the workspace commands, since this checkout is a hubvino workspace and not under node_modules', () => {
    expect(hubvinoWorkspaceRoot()).toBe(join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..'));
    expect(provisionCommand()).toBe('pnpm install');
    expect(cliCommand('hubvino-convert')).toBe('pnpm convert');
    expect(cliCommand('hubvino')).toBe('pnpm hubvino');
  });
});

describe('locateDevToolchain', () => {
  it('finds TensorFlow at the pinned version with libtensorflow beside it', () => {
    const dev = locateDevToolchain();
    expect(dev.tensorflowVersion).toBe(toolchainPins().dev['tensorflow-cpu']);
    expect(existsSync(join(dev.tensorflowDirectory, 'libtensorflow_framework.so.2'))).toBe(true);
  });
});

describe('locateServingToolchain', () => {
  it('finds the serving venv with the kserve version pinned in toolchain.json, named as provision.mjs names it', async () => {
    const serving = locateServingToolchain();
    expect(serving.kserveVersion).toBe(toolchainPins().serving.kserve);
    expect(existsSync(serving.python)).toBe(true);
    const script = await import(pathToFileURL(provisionScript).href);
    expect(script.venvNames()).toEqual(venvNames());
    expect(serving.venv).toBe(join(toolchainDirectory(), venvNames().serving));
  });

  it('says to run pnpm setup:serving when the serving venv is missing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'hubvino-empty-'));
    try {
      expect(() => locateServingToolchain({ ...process.env, HUBVINO_TOOLCHAIN_DIR: empty })).toThrow(
        /pnpm setup:serving/,
      );
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('locateQuantizeToolchain', () => {
  it('finds the quantize venv with the nncf version pinned in toolchain.json (pnpm test provisions it)', async () => {
    const quantize = locateQuantizeToolchain();
    expect(quantize.nncfVersion).toBe(toolchainPins().quantize.nncf);
    expect(existsSync(quantize.python)).toBe(true);
    expect(quantize.venv).toBe(join(toolchainDirectory(), venvNames().quantize));
  });

  it('throws ERR_NNCF_NOT_FOUND naming pnpm setup:quantize when the quantize venv is missing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'hubvino-empty-'));
    try {
      expect(() => locateQuantizeToolchain({ ...process.env, HUBVINO_TOOLCHAIN_DIR: empty })).toThrow(
        /pnpm setup:quantize/,
      );
      try {
        locateQuantizeToolchain({ ...process.env, HUBVINO_TOOLCHAIN_DIR: empty });
      } catch (error) {
        expect((error as HubvinoError).code).toBe('ERR_NNCF_NOT_FOUND');
      }
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
