import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { toolchainPins } from '../toolchain/toolchain-paths.js';
import { runDoctor } from './doctor.js';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'hubvino.js');

describe('hubvino doctor', () => {
  it('reports OpenVINO 2026.4.1 through the C API, the CPU device and the tools', () => {
    const report = runDoctor();
    expect(report.openvino.version).toBe('2026.4.1');
    expect(report.openvino.version).toBe(toolchainPins().openvino);
    expect(report.openvino.cLibraryPath).toMatch(/libopenvino_c\.so/);
    expect(report.devices.map((device) => device.name)).toContain('CPU');
    expect(report.tools.ovc && existsSync(report.tools.ovc.path)).toBe(true);
    expect(report.tools.benchmarkApp && existsSync(report.tools.benchmarkApp.path)).toBe(true);
    // The runtime's test setup builds the helper with libjpeg.
    expect(report.nativeHelper).toMatchObject({ built: true, jpegDecoder: true });
    expect(existsSync(report.nativeHelper.path)).toBe(true);
    expect(report.tensorflow).toMatchObject({ available: true, version: toolchainPins().dev['tensorflow-cpu'] });
  });

  it('prints exactly one JSON document with --json and exits 0', () => {
    const result = spawnSync(process.execPath, [cli, 'doctor', '--json'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.openvino.version).toBe('2026.4.1');
    expect(report.devices.map((device: { name: string }) => device.name)).toContain('CPU');
  });

  it('build-helper reports the built helper with its JPEG decoder as one JSON document, and fails with the toolchain code', () => {
    const result = spawnSync(process.execPath, [cli, 'build-helper', '--json'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    const build = JSON.parse(result.stdout);
    expect(build).toMatchObject({ built: false, jpeg: true }); // the test setup built it from this source
    expect(build.path).toMatch(/libhubvino_openvino_extras\.so$/);
    const failed = spawnSync(process.execPath, [cli, 'build-helper', '--json', '--force'], {
      encoding: 'utf8',
      env: { ...process.env, CXX: 'no-such-compiler', HUBVINO_OPENVINO_EXTRAS: join(dirname(cli), 'not-built.so') },
    });
    expect(failed.status).toBe(8);
    expect(JSON.parse(failed.stdout).error.code).toBe('ERR_OPENVINO_EXTRAS_BUILD');
  });

  it('exits with the toolchain code and a JSON error when OpenVINO is missing', () => {
    const result = spawnSync(process.execPath, [cli, 'doctor', '--json'], {
      encoding: 'utf8',
      env: { ...process.env, HUBVINO_OPENVINO_LIB_DIR: dirname(cli) },
    });
    expect(result.status).toBe(8);
    expect(JSON.parse(result.stdout).error.code).toBe('ERR_OPENVINO_NOT_FOUND');
  });

  it('exits 2 on an unknown option and documents exit codes in --help', () => {
    expect(spawnSync(process.execPath, [cli, 'doctor', '--bogus'], { encoding: 'utf8' }).status).toBe(2);
    const help = spawnSync(process.execPath, [cli, 'doctor', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/8 {2}toolchain missing/);
  });

  it('parses nothing on import: importing the CLI module with doctor arguments prints and exits nothing', () => {
    const main = join(dirname(cli), '..', 'dist', 'cli', 'main.js');
    const result = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { run } = await import(${JSON.stringify(main)}); console.log(typeof run);`,
        'doctor',
        '--json',
      ],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('function\n');
  });

  it('answers an unknown option under --json with exactly one JSON error document on stdout', () => {
    const result = spawnSync(process.execPath, [cli, 'doctor', '--json', '--bogus'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({ error: { code: 'ERR_USAGE', message: "unknown option '--bogus'" } });
  });
});
