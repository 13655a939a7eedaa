import { describe, expect, it } from 'vitest';
import type { DecodedImage } from './decoded-image.js';
import { fitAspectRatio } from './fit-aspect-ratio.js';

/** An image whose pixel (x, y) is [x, y, 7]. */
function coordinates(width: number, height: number): DecodedImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) data.set([x, y, 7], (y * width + x) * 3);
  return { data, width, height, channels: 3 };
}

describe('fitAspectRatio', () => {
  it('leaves the image alone for stretch or a matching aspect ratio', () => {
    const image = coordinates(4, 2);
    expect(fitAspectRatio(image, { width: 224, height: 224 }, 'stretch')).toBe(image);
    expect(fitAspectRatio(image, { width: 8, height: 4 }, 'center-crop')).toBe(image);
  });

  it('center-crops a wide image to the central square', () => {
    const cropped = fitAspectRatio(coordinates(6, 2), { width: 1, height: 1 }, 'center-crop');
    expect(cropped).toMatchObject({ width: 2, height: 2 });
    expect(Array.from(cropped.data)).toEqual([2, 0, 7, 3, 0, 7, 2, 1, 7, 3, 1, 7]);
  });

  it('center-crops a tall image to the central square', () => {
    const cropped = fitAspectRatio(coordinates(2, 5), { width: 1, height: 1 }, 'center-crop');
    expect(cropped).toMatchObject({ width: 2, height: 2 });
    expect(Array.from(cropped.data)).toEqual([0, 1, 7, 1, 1, 7, 0, 2, 7, 1, 2, 7]);
  });

  it('letterboxes a wide image with background rows above and below', () => {
    const padded = fitAspectRatio(coordinates(2, 1), { width: 1, height: 1 }, 'letterbox', { r: 9, g: 9, b: 9 });
    expect(padded).toMatchObject({ width: 2, height: 2 });
    expect(Array.from(padded.data)).toEqual([0, 0, 7, 1, 0, 7, 9, 9, 9, 9, 9, 9]);
  });

  it('letterboxes a tall image with background columns left and right', () => {
    const padded = fitAspectRatio(coordinates(1, 3), { width: 1, height: 1 }, 'letterbox');
    expect(padded).toMatchObject({ width: 3, height: 3 });
    expect(Array.from(padded.data.subarray(0, 9))).toEqual([0, 0, 0, 0, 0, 7, 0, 0, 0]);
  });
});
