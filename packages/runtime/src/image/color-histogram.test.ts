import { describe, expect, it } from 'vitest';
import { colorHistogram, histogramDistance } from './color-histogram.js';

function solid(red: number, green: number, blue: number, pixels = 4) {
  const data = new Uint8Array(pixels * 3);
  for (let offset = 0; offset < data.length; offset += 3) data.set([red, green, blue], offset);
  return { data, width: pixels, height: 1, channels: 3 as const };
}

describe('colorHistogram', () => {
  it('puts each pixel in its 8x8x8 bin and normalizes to fractions', () => {
    const image = {
      data: new Uint8Array([0, 0, 0, 255, 255, 255, 255, 255, 255, 40, 0, 0]),
      width: 4,
      height: 1,
      channels: 3 as const,
    };
    const histogram = colorHistogram(image);
    expect(histogram).toHaveLength(512);
    expect(histogram[0]).toBe(0.25); // black
    expect(histogram[511]).toBe(0.5); // white
    expect(histogram[1 * 64]).toBe(0.25); // red 40 is bin 1 (32..63)
    expect(histogram.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 12);
  });
});

describe('histogramDistance', () => {
  it('is 0 for equal histograms and 1 (chi-square) or 2 (L1) for disjoint ones', () => {
    const black = colorHistogram(solid(0, 0, 0));
    const white = colorHistogram(solid(255, 255, 255));
    expect(histogramDistance(black, black)).toBe(0);
    expect(histogramDistance(black, white)).toBe(1);
    expect(histogramDistance(black, white, 'l1')).toBe(2);
  });

  it('grows as the colour mix moves away', () => {
    const reference = colorHistogram(solid(0, 0, 0));
    const half = colorHistogram({ data: new Uint8Array([0, 0, 0, 255, 255, 255]), width: 2, height: 1, channels: 3 });
    const quarter = colorHistogram({
      data: new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255]),
      width: 4,
      height: 1,
      channels: 3,
    });
    expect(histogramDistance(reference, quarter)).toBeLessThan(histogramDistance(reference, half));
  });
});
