import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sharedDirectory } from '../../config/paths.js';
import { runDemo } from '../../test-support/demo-process.js';
import type { SegmentReport } from './segment-command.js';

const input = join(sharedDirectory(), 'images', 'segmentation_input_rotation0.jpg');
/** The TF Lite Task Library's golden mask for that photo: pixel = class index x 10 (< 1% may differ). */
const golden = join(sharedDirectory(), 'models', 'deeplabv3', 'expected', 'segmentation_golden_rotation0.png');

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'hubvino-demo-segment-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('demo segment (the built CLI, DeepLab v3 converted from ../shared, real OpenVINO)', () => {
  it('writes the class-index mask as an 8-bit grey PNG that matches the golden mask', async () => {
    const mask = join(folder, 'mask.png');
    const result = await runDemo([
      'segment',
      input,
      '--mask',
      mask,
      '--json',
      '--repository',
      inject('visionRepository'),
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as SegmentReport;
    expect(report).toMatchObject({ width: 257, height: 257, mask });
    expect(report.classes.map((entry) => entry.label).sort()).toEqual(['background', 'horse', 'person']);
    expect(report.labels).toHaveLength(21);

    expect(await sharp(mask).metadata()).toMatchObject({ width: 257, height: 257, channels: 1, depth: 'uchar' });
    const written = await sharp(mask).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    const expected = await sharp(golden).extractChannel(0).raw().toBuffer();
    expect(written.data.length).toBe(expected.length);
    let differ = 0;
    for (let pixel = 0; pixel < expected.length; pixel += 1) {
      if ((written.data[pixel] as number) * 10 !== expected[pixel]) differ += 1;
    }
    expect(differ / expected.length).toBeLessThan(0.01);
    expect((await readdir(folder)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  }, 120_000);

  it('writes the mask at the size of a larger photo, and prints a table without --json', async () => {
    const mask = join(folder, 'cats.png');
    const result = await runDemo([
      'segment',
      join(sharedDirectory(), 'images', 'cats_and_dogs.jpg'),
      '--mask',
      mask,
      '--repository',
      inject('visionRepository'),
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/1200x600/);
    expect(result.stdout).toMatch(/dog/);
    expect(await sharp(mask).metadata()).toMatchObject({ width: 1200, height: 600, channels: 1 });
  }, 120_000);

  it('refuses a --mask that is not .png before running anything', async () => {
    const result = await runDemo(['segment', input, '--mask', join(folder, 'mask.jpg'), '--json']);
    expect(result.code).toBe(2);
    const body = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    expect(body.error.message).toMatch(/--mask.*\.png/);
  });
});
