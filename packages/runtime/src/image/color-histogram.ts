import { ArgumentError } from '../errors/argument-error.js';
import type { DecodedImage } from './decoded-image.js';

/**
 * The normalized RGB colour histogram of an image: `binsPerChannel`^3 bins (8 -> 512), each the
 * fraction of pixels whose (R, G, B) falls in it. Useful to measure how far a stylized image moved
 * towards the style image's palette.
 */
export function colorHistogram(image: DecodedImage, binsPerChannel = 8): Float64Array {
  if (!Number.isInteger(binsPerChannel) || binsPerChannel < 1 || binsPerChannel > 256) {
    throw new ArgumentError(`'binsPerChannel' must be an integer from 1 to 256`, { argument: 'binsPerChannel' });
  }
  const pixels = image.width * image.height;
  if (pixels === 0 || image.data.length !== pixels * 3) {
    throw new ArgumentError(`'image' must be RGB pixels of width * height * 3 bytes`, { argument: 'image' });
  }
  const histogram = new Float64Array(binsPerChannel ** 3);
  const data = image.data;
  for (let offset = 0; offset < data.length; offset += 3) {
    const red = ((data[offset] as number) * binsPerChannel) >> 8;
    const green = ((data[offset + 1] as number) * binsPerChannel) >> 8;
    const blue = ((data[offset + 2] as number) * binsPerChannel) >> 8;
    const bin = (red * binsPerChannel + green) * binsPerChannel + blue;
    histogram[bin] = (histogram[bin] as number) + 1;
  }
  for (let bin = 0; bin < histogram.length; bin += 1) histogram[bin] = (histogram[bin] as number) / pixels;
  return histogram;
}

/**
 * Distance between two normalized histograms of the same size:
 * - `chi-square` (default): `0.5 * sum((a - b)^2 / (a + b))` over non-empty bins, from 0 (equal) to 1 (disjoint);
 * - `l1`: `sum(|a - b|)`, from 0 to 2.
 */
export function histogramDistance(
  first: Float64Array,
  second: Float64Array,
  metric: 'chi-square' | 'l1' = 'chi-square',
): number {
  if (first.length !== second.length) {
    throw new ArgumentError(
      `Both histograms must have the same number of bins (${first.length} and ${second.length})`,
      { argument: 'second' },
    );
  }
  let sum = 0;
  for (let bin = 0; bin < first.length; bin += 1) {
    const a = first[bin] as number;
    const b = second[bin] as number;
    if (metric === 'l1') sum += Math.abs(a - b);
    else if (a + b > 0) sum += ((a - b) * (a - b)) / (a + b);
  }
  return metric === 'l1' ? sum : sum / 2;
}
