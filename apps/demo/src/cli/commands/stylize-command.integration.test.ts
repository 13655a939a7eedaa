import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeImage } from '@hubvino/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../test-support/demo-process.js';
import { colorDistance, styleFiles } from '../../test-support/style-files.js';
import type { StylizeReport } from './stylize-command.js';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'hubvino-demo-stylize-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('demo stylize (the built CLI, models converted from ../shared, real OpenVINO)', () => {
  it('converts the style models on first use and writes a PNG of the content size in the style', async () => {
    const repository = join(folder, 'models');
    const output = join(folder, 'tuebingen-kandinsky.png');
    const result = await runDemo([
      'stylize',
      styleFiles.tuebingen,
      styleFiles.kandinsky,
      '-o',
      output,
      '--strength',
      '0.8',
      '--json',
      '--repository',
      repository,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as StylizeReport;
    expect(report).toMatchObject({
      output,
      format: 'png',
      width: 640,
      height: 480,
      strength: 0.8,
      models: { prediction: 'magenta-prediction/1', transfer: 'magenta-transfer/1' },
    });
    expect(await decodeImage(output)).toMatchObject({ width: 640, height: 480 });
    expect(await colorDistance(output, styleFiles.kandinsky)).toBeLessThan(
      0.8 * (await colorDistance(styleFiles.tuebingen, styleFiles.kandinsky)),
    );
    expect(result.stderr).toMatch(/converting the style-transfer models/);
    expect((await readdir(folder)).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    // The second run reuses the published pair.
    const again = await runDemo([
      'stylize',
      styleFiles.tuebingen,
      styleFiles.kandinsky,
      '-o',
      join(folder, 'b.jpg'),
      '--repository',
      repository,
    ]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^wrote .*b\.jpg \(640x480, strength 1,/);
    expect(again.stderr).toMatch(/using magenta-prediction version 1 and magenta-transfer version 1/);
  });

  it('refuses a strength outside [0, 1] and an unknown output extension with exit code 2', async () => {
    const strength = await runDemo([
      'stylize',
      styleFiles.tuebingen,
      styleFiles.kandinsky,
      '-o',
      join(folder, 'x.png'),
      '--strength',
      '1.5',
      '--json',
    ]);
    expect(strength.code).toBe(2);
    expect(JSON.parse(strength.stdout)).toMatchObject({
      error: { code: 'ERR_INVALID_ARGUMENT', message: expect.stringMatching(/--strength/) },
    });
    const extension = await runDemo([
      'stylize',
      styleFiles.tuebingen,
      styleFiles.kandinsky,
      '-o',
      join(folder, 'x.gif'),
    ]);
    expect(extension.code).toBe(2);
    expect(extension.stderr).toMatch(/'--output' must end in \.png, \.jpg or \.jpeg/);
  });
});
