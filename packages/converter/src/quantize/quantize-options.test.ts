import { ArgumentError } from '@hubvino/runtime';
import { describe, expect, it } from 'vitest';
import { checkQuantizeOptions, DEFAULT_CALIBRATION_SAMPLES, nncfOverflowFix } from './quantize-options.js';

describe('checkQuantizeOptions', () => {
  it('takes a count as the number of calibration samples and a folder with the default count', () => {
    expect(checkQuantizeOptions({ precision: 'int8', calibration: 120 })).toMatchObject({
      calibration: { count: 120 },
      calibrationSamples: 120,
      maxAgreementLoss: 1,
      overflowFix: 'auto',
      preset: 'performance',
      accuracyControl: false,
    });
    expect(checkQuantizeOptions({ precision: 'int8', calibration: 'photos' })).toMatchObject({
      calibration: { folder: 'photos' },
      calibrationSamples: DEFAULT_CALIBRATION_SAMPLES,
    });
  });

  it.each([
    [{ precision: 'int8', calibration: 0 }, 'quantize.calibration'],
    [{ precision: 'int8', calibration: '' }, 'quantize.calibration'],
    [{ precision: 'fp8', calibration: 10 }, 'quantize.precision'],
    [{ precision: 'int8', calibration: 10, maxAgreementLoss: Number.NaN }, 'quantize.maxAgreementLoss'],
    [{ precision: 'int8', calibration: 10, overflowFix: 'sometimes' }, 'quantize.overflowFix'],
    [{ precision: 'int8', calibration: 10, validationSamples: 1.5 }, 'quantize.validationSamples'],
    [{ precision: 'int8', calibration: 10, preset: 'fast' }, 'quantize.preset'],
    [{ precision: 'int8', calibration: 10, accuracyControl: 'yes' }, 'quantize.accuracyControl'],
  ])('rejects %j naming %s', (options, argument) => {
    const error = (() => {
      try {
        checkQuantizeOptions(options);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(ArgumentError.isInstance(error)).toBe(true);
    expect((error as ArgumentError).argument).toBe(argument);
  });
});

describe('nncfOverflowFix', () => {
  it('enables the fix on every layer under auto only where u8 dot products saturate', () => {
    expect(nncfOverflowFix('auto', 'saturating')).toBe('enable');
    expect(nncfOverflowFix('auto', 'exact')).toBe('first_layer_only');
    expect(nncfOverflowFix('disable', 'saturating')).toBe('disable');
    expect(nncfOverflowFix('first-layer', 'saturating')).toBe('first_layer_only');
  });
});
