import { describe, expect, it } from 'vitest';
import type { OpenedArtifact } from '../../artifact/open-artifact.js';
import { ArgumentError } from '../../errors/argument-error.js';
import { ArtifactCorruptError } from '../../errors/artifact-corrupt-error.js';
import { ModelOutputError } from '../../errors/model-output-error.js';
import { Tensor } from '../../tensor.js';
import { checkTaskManifest } from './task-artifact.js';
import { checkTaskRunOptions } from './task-options.js';
import { outputData } from './task-outputs.js';
import { Stopwatch } from './task-timings.js';

const result = { scores: new Tensor('f32', [1, 3], new Float32Array([0.1, 0.2, 0.7])) };

describe('outputData', () => {
  it('returns the data of the named output', () => {
    expect(outputData(result, 'scores', [Float32Array])).toEqual(new Float32Array([0.1, 0.2, 0.7]));
  });

  it('throws ModelOutputError naming a missing output and the ones returned, never undefined', () => {
    // Before the task base, `outputs[name]?.data as Float32Array` turned this into undefined (and the
    // style-bottleneck cache stored it).
    expect(() => outputData(result, 'logits')).toThrow(ModelOutputError);
    expect(() => outputData(result, 'logits')).toThrow(/no output 'logits' \(it returned 'scores'\)/);
    expect(() => outputData(result, 'toString')).toThrow(ModelOutputError);
    try {
      outputData(result, 'logits');
    } catch (error) {
      expect(error).toMatchObject({ code: 'ERR_OUTPUT_MISSING', output: 'logits', available: ['scores'] });
    }
  });

  it('throws ModelOutputError ERR_OUTPUT_ELEMENT_TYPE when the output is not the typed array the task reads', () => {
    expect(() => outputData<Uint8Array | Int8Array>(result, 'scores', [Uint8Array, Int8Array])).toThrow(
      expect.objectContaining({ code: 'ERR_OUTPUT_ELEMENT_TYPE', output: 'scores' }),
    );
  });
});

describe('checkTaskRunOptions', () => {
  it('accepts no options and positive maxPixels / requests up to 64', () => {
    expect(checkTaskRunOptions({})).toEqual({ maxPixels: undefined, requests: undefined });
    expect(checkTaskRunOptions({ maxPixels: 10, requests: 64 })).toEqual({ maxPixels: 10, requests: 64 });
  });

  it.each([
    [{ maxPixels: 0 }, 'maxPixels'],
    [{ maxPixels: 1.5 }, 'maxPixels'],
    [{ requests: 0 }, 'requests'],
    [{ requests: 65 }, 'requests'],
    [null, 'options'],
    ['fast', 'options'],
  ])('rejects %j with ArgumentError naming %s', (options, argument) => {
    expect(() => checkTaskRunOptions(options)).toThrow(expect.objectContaining({ name: 'ArgumentError', argument }));
  });
});

describe('checkTaskManifest', () => {
  const opened = (manifest: Record<string, unknown>) =>
    ({
      repository: 'models',
      name: 'm',
      version: 2,
      directory: 'models/m/2',
      manifestFile: 'models/m/2/hubvino.json',
      manifest,
    }) as unknown as OpenedArtifact;

  it('accepts the expected task and role', () => {
    expect(() =>
      checkTaskManifest(opened({ task: 'style-transfer', role: 'style-transfer' }), {
        task: 'style-transfer',
        describedAs: 'a style-transfer part',
        role: 'style-transfer',
      }),
    ).not.toThrow();
  });

  it('rejects another task or another role with ArgumentError naming the argument', () => {
    const expected = { task: 'image-classification', describedAs: 'an image classifier' } as const;
    expect(() => checkTaskManifest(opened({ task: 'style-transfer' }), expected)).toThrow(
      /'m' version 2 is a style-transfer model, not an image classifier \(task in models\/m\/2\/hubvino.json\)/,
    );
    expect(() =>
      checkTaskManifest(opened({ task: 'style-transfer', role: 'style-prediction' }), {
        task: 'style-transfer',
        describedAs: 'a style-transfer part',
        role: 'style-transfer',
        argument: 'names',
      }),
    ).toThrow(expect.objectContaining({ name: 'ArgumentError', argument: 'names' }));
    expect(ArgumentError.isInstance(new ArgumentError('x', { argument: 'y' }))).toBe(true);
  });

  it('rejects a manifest without a required section with ArtifactCorruptError naming the manifest', () => {
    expect(() =>
      checkTaskManifest(opened({ task: 'image-classification', preprocessing: {} }), {
        task: 'image-classification',
        describedAs: 'an image classifier',
        requires: ['preprocessing', 'postprocessing'],
      }),
    ).toThrow(ArtifactCorruptError);
  });
});

describe('Stopwatch', () => {
  it('adds the time of each phase, also when the work throws, and a total that covers them', async () => {
    const stopwatch = new Stopwatch();
    await stopwatch.time('preprocess', () => new Promise((resolve) => setTimeout(resolve, 5)));
    await expect(stopwatch.time('infer', () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    stopwatch.add('postprocess', 2);
    const timings = stopwatch.timings();
    expect(timings.preprocess).toBeGreaterThan(0);
    expect(timings.infer).toBeGreaterThanOrEqual(0);
    expect(timings.postprocess).toBe(2);
    expect(Object.keys(timings).sort()).toEqual(['infer', 'postprocess', 'preprocess', 'total']);
  });
});
