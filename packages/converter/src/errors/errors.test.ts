import { ArgumentError, HubvinoError } from '@hubvino/runtime';
import { describe, expect, it } from 'vitest';
import { ConversionError } from './conversion-error.js';
import { DownloadError } from './download-error.js';
import { SourceError } from './source-error.js';
import { ValidationError } from './validation-error.js';

const samples = {
  ConversionError: new ConversionError('ovc failed', { toolOutput: 'last line' }),
  DownloadError: new DownloadError('404', { url: 'https://tfhub.dev/x', status: 404, code: 'ERR_NOT_FOUND' }),
  SourceError: new SourceError('no such file', { source: 'x.tflite', code: 'ERR_SOURCE_NOT_FOUND' }),
  ValidationError: new ValidationError('differs', {
    failures: [{ reference: 'tensorflow', output: 'logits', maxAbsDiff: 0.5, threshold: 0.01 }],
  }),
};
const classes = { ConversionError, DownloadError, SourceError, ValidationError };

describe('converter errors', () => {
  it('isInstance of each class is true only for that class, not for any hubvino error', () => {
    const others = { ...samples, ArgumentError: new ArgumentError('bad', { argument: 'name' }) };
    for (const [className, errorClass] of Object.entries(classes)) {
      for (const [sampleName, sample] of Object.entries(others)) {
        expect(errorClass.isInstance(sample), `${className}.isInstance(${sampleName})`).toBe(className === sampleName);
      }
    }
    for (const sample of Object.values(samples)) expect(HubvinoError.isInstance(sample)).toBe(true);
  });

  it('toJSON keeps the subclass fields', () => {
    expect(samples.DownloadError.toJSON()).toMatchObject({
      name: 'DownloadError',
      code: 'ERR_NOT_FOUND',
      category: 'source',
      url: 'https://tfhub.dev/x',
      status: 404,
    });
    expect(samples.SourceError.toJSON()).toMatchObject({ source: 'x.tflite', code: 'ERR_SOURCE_NOT_FOUND' });
    expect(samples.ConversionError.toJSON()).toMatchObject({ category: 'conversion', toolOutput: 'last line' });
    expect(JSON.parse(JSON.stringify(samples.ValidationError)).failures).toEqual([
      { reference: 'tensorflow', output: 'logits', maxAbsDiff: 0.5, threshold: 0.01 },
    ]);
  });
});
