import { describe, expect, it } from 'vitest';
import { planImageSet } from './make-image-set.js';

describe('planImageSet', () => {
  it('plans the requested number of uniquely named JPEGs from every source in turn', () => {
    const plans = planImageSet(['a.jpg', 'b.png', 'c.jpg'], 100);
    expect(plans).toHaveLength(100);
    expect(new Set(plans.map((plan) => plan.name)).size).toBe(100);
    expect(plans.slice(0, 4).map((plan) => plan.source)).toEqual(['a.jpg', 'b.png', 'c.jpg', 'a.jpg']);
  });

  it('keeps every crop inside the photo and varies the output sizes', () => {
    const plans = planImageSet(['a.jpg'], 50);
    for (const plan of plans) {
      expect(plan.left).toBeGreaterThanOrEqual(0);
      expect(plan.top).toBeGreaterThanOrEqual(0);
      expect(plan.left + plan.width).toBeLessThanOrEqual(1 + 1e-9);
      expect(plan.top + plan.height).toBeLessThanOrEqual(1 + 1e-9);
    }
    expect(new Set(plans.map((plan) => plan.outputWidth)).size).toBeGreaterThan(5);
  });

  it('rejects an empty list of sources with RangeError', () => {
    expect(() => planImageSet([], 3)).toThrow(RangeError);
  });
});
