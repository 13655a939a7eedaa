import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../errors/argument-error.js';
import { classMask, classPixelCounts } from './class-mask.js';
import { colourOverlay, pascalColour } from './colour-overlay.js';

// A 2x2 map of 3 classes: argmax per pixel is [2, 0, 1, 1] (a tie on pixel 3 goes to the first class).
const map = {
  scores: [0, 1, 5, 9, 1, 1, 0, 3, 2, 1, 4, 4],
  height: 2,
  width: 2,
  classes: 3,
};

describe('classMask', () => {
  it('takes the per-pixel argmax at the map’s own size', () => {
    expect([...classMask(map, { width: 2, height: 2 })]).toEqual([2, 0, 1, 1]);
  });

  it('upsamples the scores bilinearly before the argmax', () => {
    // 1x2 map: left pixel class 0 (score 1 vs 0), right pixel class 1 (0 vs 1). At 4 pixels wide the
    // half-pixel centres fall at -0.25 (clamped), 0.25, 0.75 and 1.25 (clamped): 0, 0, 1, 1.
    const mask = classMask({ scores: [1, 0, 0, 1], height: 1, width: 2, classes: 2 }, { width: 4, height: 3 });
    expect([...mask]).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1]);
  });

  it('rejects an inconsistent map or size with ArgumentError', () => {
    expect(() => classMask({ ...map, classes: 4 }, { width: 2, height: 2 })).toThrow(ArgumentError);
    expect(() => classMask(map, { width: 0, height: 2 })).toThrow(/size/);
  });

  it('counts the pixels of each class', () => {
    expect(classPixelCounts(new Uint8Array([2, 0, 1, 1]), 4)).toEqual([1, 2, 1, 0]);
  });
});

describe('colour overlay', () => {
  it('uses the PASCAL VOC colour map (background black, aeroplane dark red, person pink-ish)', () => {
    expect(pascalColour(0)).toEqual([0, 0, 0]);
    expect(pascalColour(1)).toEqual([128, 0, 0]);
    expect(pascalColour(15)).toEqual([192, 128, 128]);
  });

  it('blends class colours over the image and leaves the background as it is', () => {
    const image = { data: new Uint8Array([10, 20, 30, 100, 100, 100]), width: 2, height: 1, channels: 3 as const };
    const overlay = colourOverlay(image, new Uint8Array([0, 1]), { opacity: 0.5 });
    expect([...overlay.data]).toEqual([10, 20, 30, 114, 50, 50]);
  });
});
