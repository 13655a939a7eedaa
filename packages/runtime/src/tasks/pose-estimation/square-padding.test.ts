import { describe, expect, it } from 'vitest';
import { fitAspectRatio } from '../../image/fit-aspect-ratio.js';
import { COCO_KEYPOINT_NAMES, COCO_SKELETON } from './keypoints.js';
import { poseAgreement } from './pose-agreement.js';
import { keypointsToImagePixels, squarePadding } from './square-padding.js';

describe('MoveNet square padding and keypoint mapping', () => {
  it('pads a portrait image left and right, a landscape one top and bottom, as fitAspectRatio letterboxes it', () => {
    expect(squarePadding(500, 610)).toEqual({ side: 610, left: 55, top: 0 });
    expect(squarePadding(640, 480)).toEqual({ side: 640, left: 0, top: 80 });
    expect(squarePadding(5, 8)).toEqual({ side: 8, left: 1, top: 0 });
    // The same placement as the pixels fed to the model: the first image column lands at `left`.
    const image = { data: new Uint8Array(5 * 8 * 3).fill(200), width: 5, height: 8, channels: 3 as const };
    const padded = fitAspectRatio(image, { width: 192, height: 192 }, 'letterbox');
    expect(padded.width).toBe(8);
    const row = Array.from(padded.data.subarray(0, 8 * 3)).filter((_, index) => index % 3 === 0);
    expect(row).toEqual([0, 200, 200, 200, 200, 200, 0, 0]);
  });

  it('maps (y, x) normalised to the padded square back to the image, clamped to it', () => {
    // Centre of the square is the centre of the image; x at the left padding edge is column 0.
    const points = keypointsToImagePixels([0.5, 0.5, 0.9, 0.25, 55 / 610, 0.4, 1, 0, 0.1], { width: 500, height: 610 });
    expect(points[0]).toEqual({ x: 250, y: 305, score: 0.9 });
    expect(points[1]?.x).toBeCloseTo(0, 9);
    expect(points[1]?.y).toBeCloseTo(152.5, 9);
    expect(points[2]).toEqual({ x: 0, y: 610, score: 0.1 });
    expect(() => keypointsToImagePixels([1, 2], { width: 1, height: 1 })).toThrow(RangeError);
  });

  it('names 17 COCO keypoints and joins them with 18 skeleton edges between valid indices', () => {
    expect(COCO_KEYPOINT_NAMES).toHaveLength(17);
    expect(COCO_KEYPOINT_NAMES[0]).toBe('nose');
    expect(COCO_KEYPOINT_NAMES[16]).toBe('right_ankle');
    expect(COCO_SKELETON).toHaveLength(18);
    for (const [from, to] of COCO_SKELETON) {
      expect(from).toBeGreaterThanOrEqual(0);
      expect(to).toBeLessThan(17);
      expect(from).not.toBe(to);
    }
  });

  it('measures agreement as distances over confident keypoints, in units of the scale', () => {
    const reference = [
      { x: 0, y: 0, score: 0.9 },
      { x: 10, y: 10, score: 0.1 },
    ];
    const actual = [
      { x: 3, y: 4, score: 0.8 },
      { x: 100, y: 100, score: 0.5 },
    ];
    const agreement = poseAgreement(actual, reference, 100);
    expect(agreement.maxDistance).toBeCloseTo(0.05, 9); // the unconfident keypoint is not counted
    expect(agreement.meanDistance).toBeCloseTo(0.05, 9);
    expect(agreement.maxScoreDifference).toBeCloseTo(0.4, 9);
    expect(agreement.meanScoreDifference).toBeCloseTo(0.25, 9);
    expect(() => poseAgreement([], [], 1)).toThrow(RangeError);
  });
});
