import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { sharedDirectory } from '../../config/paths.js';
import { runDemo } from '../../test-support/demo-process.js';
import type { DetectReport } from './detect-command.js';

const catsAndDogs = join(sharedDirectory(), 'images', 'cats_and_dogs.jpg');

describe('demo detect (the built CLI, COCO SSD converted from ../shared, real OpenVINO)', () => {
  it('prints cats and a dog with boxes in the image’s pixels as one JSON document', async () => {
    const result = await runDemo(['detect', catsAndDogs, '--json', '--repository', inject('visionRepository')]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as DetectReport;
    expect(report.model.name).toBe('ssd_mobilenet_v1');
    const labels = report.detections.map((detection) => detection.label);
    expect(labels).toContain('cat');
    expect(labels).toContain('dog');
    for (const detection of report.detections) {
      expect(Object.keys(detection).sort()).toEqual(['box', 'label', 'score']);
      expect(detection.score).toBeGreaterThanOrEqual(0.4);
      // cats_and_dogs.jpg is 1200x600.
      expect(detection.box.x + detection.box.width).toBeLessThanOrEqual(1200);
      expect(detection.box.y + detection.box.height).toBeLessThanOrEqual(600);
      expect(detection.box.width).toBeGreaterThan(50);
    }
    const scores = report.detections.map((detection) => detection.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  }, 120_000);

  it('prints a table, and honours --score-threshold and --max-results', async () => {
    const result = await runDemo([
      'detect',
      catsAndDogs,
      '--score-threshold',
      '0.55',
      '--max-results',
      '2',
      '--repository',
      inject('visionRepository'),
    ]);
    expect(result.code, result.stderr).toBe(0);
    const rows = result.stdout.trim().split('\n').slice(3);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatch(/^cat\s+0\.\d{3}\s+\d+\s+\d+\s+\d+\s+\d+$/);
  }, 120_000);

  it('rejects a bad --score-threshold with exit code 2 and a JSON error naming it', async () => {
    const result = await runDemo(['detect', catsAndDogs, '--score-threshold', '2', '--json']);
    expect(result.code).toBe(2);
    const body = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    expect(body.error.message).toMatch(/--score-threshold/);
  });

  it('reports a missing image as an image error, not a crash', async () => {
    const result = await runDemo([
      'detect',
      join(sharedDirectory(), 'images', 'no-such.jpg'),
      '--json',
      '--repository',
      inject('visionRepository'),
    ]);
    expect(result.code).not.toBe(0);
    const body = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('ERR_IMAGE_NOT_FOUND');
    expect(body.error.message).toMatch(/no-such\.jpg/);
  }, 120_000);
});
