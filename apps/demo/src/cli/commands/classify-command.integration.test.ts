import { describe, expect, inject, it } from 'vitest';
import { runDemo } from '../../test-support/demo-process.js';
import { GRACE_HOPPER_TOP1, sharedFiles } from '../../test-support/shared-files.js';
import type { ClassifyReport } from './classify-command.js';

describe('demo classify (the built CLI, real model, real OpenVINO)', () => {
  it('prints exactly one JSON document with "military uniform" first for grace_hopper.jpg', async () => {
    const result = await runDemo([
      'classify',
      sharedFiles.graceHopper,
      '--json',
      '--device',
      'CPU',
      '--repository',
      inject('modelRepository'),
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as ClassifyReport;
    expect(report.results).toHaveLength(1);
    const outcome = report.results[0];
    expect(outcome && 'predictions' in outcome).toBe(true);
    if (!outcome || !('predictions' in outcome)) return;
    expect(outcome.image).toBe(sharedFiles.graceHopper);
    expect(outcome.predictions).toHaveLength(5);
    expect(outcome.predictions[0]?.label).toBe(GRACE_HOPPER_TOP1);
    expect(report.device).toBe('CPU');
    expect(report.model.name).toBe('mobilenet_v2');
  });

  it('prints a top-5 table per image and keeps logs on stderr', async () => {
    const result = await runDemo(['classify', sharedFiles.graceHopper, sharedFiles.hotDog], {
      HUBVINO_DEMO_REPOSITORY: inject('modelRepository'),
    });
    expect(result.code, result.stderr).toBe(0);
    const sections = result.stdout.trim().split('\n\n');
    expect(sections).toHaveLength(3);
    expect(sections[1]).toMatch(/grace_hopper\.jpg/);
    expect(sections[1]?.split('\n')[3]).toMatch(/^1\s+military uniform\s+\d+\.\d\d%\s+653$/);
    expect(sections[2]?.split('\n')[3]).toMatch(/^1\s+hotdog\b/);
    expect(result.stdout).not.toMatch(/^demo:/m);
    expect(result.stderr).toMatch(/^demo: using mobilenet_v2 version \d+/m);
  });

  it('reports a missing image as an error entry in the JSON document and exits with 2', async () => {
    const result = await runDemo([
      'classify',
      '/nonexistent/picture.jpg',
      sharedFiles.graceHopper,
      '--json',
      '--repository',
      inject('modelRepository'),
    ]);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as ClassifyReport;
    expect(report.results[0]).toEqual({
      image: '/nonexistent/picture.jpg',
      error: { code: 'ERR_IMAGE_NOT_FOUND', message: expect.stringMatching(/picture\.jpg does not exist/) },
    });
    expect(report.results[1] && 'predictions' in report.results[1]).toBe(true);
  });

  it('answers an unknown device with one JSON error document and a usage exit code', async () => {
    const result = await runDemo([
      'classify',
      sharedFiles.graceHopper,
      '--json',
      '--device',
      'TPU',
      '--repository',
      inject('modelRepository'),
    ]);
    expect(result.code).toBe(2);
    const body = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    expect(body.error.message).toMatch(/TPU/);
  });
});
