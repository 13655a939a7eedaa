import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.js';

describe('seededRandom', () => {
  it('repeats for a seed, differs between seeds and stays in [0, 1)', () => {
    const first = Array.from({ length: 1000 }, seededRandom(42));
    const again = Array.from({ length: 1000 }, seededRandom(42));
    const other = Array.from({ length: 1000 }, seededRandom(43));
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(Math.min(...first)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...first)).toBeLessThan(1);
    const mean = first.reduce((sum, value) => sum + value, 0) / first.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});
