import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { poseAgreement } from '@hubvino/runtime/task-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../test-support/demo-process.js';
import { coralKeypoints, poseAudioFiles } from '../../test-support/pose-audio-files.js';
import type { ListenReport } from './listen-command.js';
import type { PoseReport } from './pose-command.js';

let repository: string;
beforeAll(async () => {
  repository = await mkdtemp(join(tmpdir(), 'hubvino-demo-pose-audio-'));
});
afterAll(() => rm(repository, { recursive: true, force: true }));

describe('demo pose and listen (the built CLI, models converted from ../shared on first use)', () => {
  it('pose --json prints one JSON document with 17 keypoints in squat.bmp pixels near Coral reference', async () => {
    const result = await runDemo(['pose', poseAudioFiles.squat, '--json', '--repository', repository]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as PoseReport;
    expect([report.width, report.height]).toEqual([500, 610]);
    expect(report.keypoints).toHaveLength(17);
    expect(report.keypoints[0]).toEqual({
      name: 'nose',
      x: expect.any(Number),
      y: expect.any(Number),
      score: expect.any(Number),
    });
    expect(report.skeleton).toHaveLength(18);
    expect(report.model.name).toBe('movenet');
    // Bounds from packages/runtime's PoseEstimator tests (measured on every CPU precision path).
    const agreement = poseAgreement(report.keypoints, await coralKeypoints(), 610);
    expect(agreement.meanDistance).toBeLessThan(0.03);
    expect(agreement.maxDistance).toBeLessThan(0.08);
    expect(result.stderr).toMatch(/published movenet version 1/);
  });

  it('pose prints a keypoint table, and a missing image exits 2 with a JSON error', async () => {
    const table = await runDemo(['pose', poseAudioFiles.squat, '--repository', repository]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/squat\.bmp \(500x610\): pose score 0\.\d+/);
    expect(table.stdout).toMatch(/^right_ankle\s+\d+\.\d\s+\d+\.\d\s+0\.\d{3}$/m);
    const missing = await runDemo(['pose', '/nonexistent/person.jpg', '--json', '--repository', repository]);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({
      error: { code: 'ERR_IMAGE_NOT_FOUND', message: expect.stringMatching(/person\.jpg does not exist/) },
    });
  });

  it('listen --json puts "Speech" first for speech.wav with 8 windows of top classes', async () => {
    const result = await runDemo([
      'listen',
      poseAudioFiles.speech,
      '--json',
      '--top-k',
      '3',
      '--repository',
      repository,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as ListenReport;
    expect(report.classes[0]).toEqual({ label: 'Speech', score: expect.any(Number) });
    expect(report.classes).toHaveLength(3);
    expect(report.windows).toHaveLength(8);
    expect(report.windows[0]).toMatchObject({ start: 0, end: 0.975 });
    expect(report.windows.every((window) => window.classes.length === 3)).toBe(true);
    expect(report.sampleRate).toBe(16000);
    const table = await runDemo(['listen', poseAudioFiles.speech, '--repository', repository]);
    expect(table.stdout).toMatch(/^1\s+Speech\s+0\.\d{3}$/m);
  });

  it('listen refuses a file that is not WAV (exit 2, ERR_AUDIO_DECODE) and a bad --top-k', async () => {
    const text = join(repository, 'notes.wav');
    await writeFile(text, 'these are notes, not audio');
    const result = await runDemo(['listen', text, '--json', '--repository', repository]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error).toMatchObject({
      code: 'ERR_AUDIO_DECODE',
      message: expect.stringContaining('notes.wav'),
    });
    const usage = await runDemo([
      'listen',
      poseAudioFiles.speech,
      '--top-k',
      'zero',
      '--json',
      '--repository',
      repository,
    ]);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout).error.code).toBe('ERR_INVALID_ARGUMENT');
  });
});
