import { ArgumentError } from '@hubvino/runtime';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_NAME, NOTEBOOK_MOBILENET_V1_SOURCE } from '../model/default-model.js';
import { DEFAULT_PORT, parsePort, resolveDemoSettings } from './demo-settings.js';
import { defaultRepository } from './paths.js';

describe('resolveDemoSettings', () => {
  it('uses the defaults when neither flags nor environment say otherwise', () => {
    const settings = resolveDemoSettings({}, {}, '/somewhere');
    expect(settings).toEqual({
      repository: defaultRepository,
      name: DEFAULT_MODEL_NAME,
      source: undefined,
      labels: undefined,
      port: DEFAULT_PORT,
      host: '127.0.0.1',
      device: 'CPU',
    });
  });

  it("accepts the notebook's MobileNetV1 handle as --source mobilenet_v1 (named mobilenet_v1), while mobilenet_v2 stays the default", () => {
    expect(NOTEBOOK_MOBILENET_V1_SOURCE).toBe(
      'https://www.kaggle.com/models/google/mobilenet-v1/tensorFlow2/100-224-classification/2',
    );
    expect(resolveDemoSettings({ source: 'mobilenet_v1' }, {}, '/somewhere')).toMatchObject({
      source: NOTEBOOK_MOBILENET_V1_SOURCE,
      name: 'mobilenet_v1',
    });
    expect(resolveDemoSettings({ source: 'mobilenet_v1', name: 'notebook' }, {}, '/somewhere').name).toBe('notebook');
    // mobilenet_v2 is the default source itself, with its offline fallback.
    expect(resolveDemoSettings({}, { HUBVINO_DEMO_SOURCE: 'mobilenet_v2' }, '/somewhere')).toMatchObject({
      source: undefined,
      name: DEFAULT_MODEL_NAME,
    });
    expect(resolveDemoSettings({}, { HUBVINO_DEMO_STYLE_MODEL: 'magenta-one-piece' }, '/x').styleModel).toBe(
      'magenta-one-piece',
    );
  });

  it('takes environment variables and resolves local paths against the working directory', () => {
    const settings = resolveDemoSettings(
      {},
      {
        HUBVINO_DEMO_REPOSITORY: 'repo',
        HUBVINO_DEMO_SOURCE: 'model.tflite',
        HUBVINO_DEMO_LABELS: 'labels.txt',
        PORT: '0',
        HUBVINO_DEMO_DEVICE: 'AUTO',
      },
      '/work/here',
    );
    expect(settings.repository).toBe('/work/here/repo');
    expect(settings.source).toBe('/work/here/model.tflite');
    expect(settings.labels).toBe('/work/here/labels.txt');
    expect(settings.port).toBe(0);
    expect(settings.device).toBe('AUTO');
  });

  it('prefers flags over environment variables', () => {
    const settings = resolveDemoSettings({ port: '9000', name: 'other' }, { PORT: '7000', HUBVINO_DEMO_MODEL: 'x' });
    expect(settings.port).toBe(9000);
    expect(settings.name).toBe('other');
  });

  it('keeps remote handles as they are', () => {
    const handle = 'https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/classification/5';
    expect(resolveDemoSettings({ source: handle }, {}).source).toBe(handle);
  });
});

describe('parsePort', () => {
  it('rejects a port out of range with an ArgumentError naming the flag', () => {
    expect(() => parsePort('70000')).toThrow(ArgumentError);
    expect(() => parsePort('abc')).toThrow(/'--port' must be a TCP port/);
  });

  it('names PORT when the environment variable is wrong', () => {
    expect(() => resolveDemoSettings({}, { PORT: 'eighty' })).toThrow(/'PORT' must be a TCP port/);
  });
});
