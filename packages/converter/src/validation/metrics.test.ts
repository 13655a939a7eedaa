import { describe, expect, it } from 'vitest';
import { compareOutputs, DEFAULT_METRIC_LIMITS, relativeL2 } from './metrics.js';

const f = (values: number[]) => Float64Array.from(values);

describe('compareOutputs', () => {
  it('classification: agrees on the scores a user sees after softmax, within the default limits', () => {
    const reference = f([0.1, 4, 1, 0.5, 2, 3, -1]);
    const ir = f([0.12, 3.98, 1.01, 0.52, 2.02, 2.99, -1]);
    const result = compareOutputs([{ name: 'logits', shape: [1, 7], ir, reference }], {
      task: 'classification',
      activation: 'softmax',
    });
    expect(result.passed).toBe(true);
    expect(result.metrics.top1Agreement).toBe(1);
    expect(result.metrics.top5Overlap).toBe(1);
    expect(result.metrics.scoreMaxAbsDiff).toBeLessThan(0.01);
    expect(result.limits).toEqual(DEFAULT_METRIC_LIMITS.classification);
  });

  it('classification: refuses another top-1 class unless the reference scores both within the tie tolerance', () => {
    const reference = f([0.6, 0.3, 0.05, 0.05]);
    const swapped = compareOutputs([{ name: 'p', shape: [1, 4], ir: f([0.3, 0.6, 0.05, 0.05]), reference }], {
      task: 'classification',
      activation: 'none',
    });
    expect(swapped.passed).toBe(false);
    expect(swapped.metrics.top1Agreement).toBe(0);
    expect(swapped.failures.join(' ')).toMatch(/top1Agreement 0 < limit 1/);
    const tie = compareOutputs(
      [{ name: 'p', shape: [1, 4], ir: f([0.44, 0.46, 0.05, 0.05]), reference: f([0.46, 0.44, 0.05, 0.05]) }],
      {
        task: 'classification',
        activation: 'none',
      },
    );
    expect(tie.metrics.top1Agreement).toBe(1);
  });

  it('segmentation: counts pixels whose class differs against the 1% limit', () => {
    // 200 pixels x 2 classes; 1 pixel flips: 0.5% passes, 4 flip: 2% fails.
    const reference = new Float64Array(400);
    for (let pixel = 0; pixel < 200; pixel += 1) reference[pixel * 2] = 1;
    const flip = (count: number) => {
      const ir = Float64Array.from(reference);
      for (let pixel = 0; pixel < count; pixel += 1) {
        ir[pixel * 2] = 0.45;
        ir[pixel * 2 + 1] = 0.55;
      }
      return compareOutputs([{ name: 'mask', shape: [1, 10, 20, 2], ir, reference }], { task: 'segmentation' });
    };
    expect(flip(1).metrics.pixelClassMismatch).toBeCloseTo(0.005);
    expect(flip(1).failures.filter((failure) => failure.startsWith('pixelClassMismatch'))).toEqual([]);
    expect(flip(4).failures.join(' ')).toMatch(/pixelClassMismatch 0.02 > limit 0.01/);
  });

  it('image/generic: relative L2 and range-normalised max error, with limits the caller can override', () => {
    const reference = f([0, 0.5, 1, 0.25]);
    const ir = f([0.01, 0.5, 0.98, 0.25]);
    const result = compareOutputs([{ name: 'image', shape: [4], ir, reference }], { task: 'image' });
    expect(result.metrics.relativeL2).toBeCloseTo(relativeL2(ir, reference), 12);
    expect(result.metrics.rangeNormalizedMaxError).toBeCloseTo(0.02, 12);
    expect(result.passed).toBe(true);
    const strict = compareOutputs([{ name: 'image', shape: [4], ir, reference }], {
      task: 'image',
      limits: { relativeL2: 0.001 },
    });
    expect(strict.passed).toBe(false);
  });

  it('fails every metric when the output sizes differ', () => {
    const result = compareOutputs([{ name: 'x', shape: [1, 3], ir: f([1, 2, 3]), reference: f([1, 2]) }], {
      task: 'classification',
      activation: 'none',
    });
    expect(result.passed).toBe(false);
    expect(result.metrics.top1Agreement).toBe(0);
    expect(result.metrics.scoreMaxAbsDiff).toBe(Number.POSITIVE_INFINITY);
  });
});
