import { ArgumentError } from '../../errors/argument-error.js';

/** Per-pixel class scores as a segmentation model returns them: `[height, width, classes]`, row-major. */
export interface ClassScoreMap {
  scores: ArrayLike<number>;
  height: number;
  width: number;
  classes: number;
}

/**
 * The class of every pixel of an image of `size`: the score map is resampled bilinearly to `size`
 * (half-pixel centres, edges clamped: OpenVINO's / TF2's `resize` without antialiasing) and each
 * pixel takes the class with the highest score (the first one on ties, like NumPy's argmax). At the
 * map's own size this is the plain per-pixel argmax. Upsampling the scores, not the classes, gives
 * smooth edges like DeepLab's own post-processing (logits resized to the image, then argmax).
 * @throws ArgumentError for an inconsistent map, a size that is not positive, or more than 256 classes.
 */
export function classMask(map: ClassScoreMap, size: { width: number; height: number }): Uint8Array {
  const { scores, height, width, classes } = map;
  if (!(classes >= 1 && classes <= 256) || scores.length !== height * width * classes || height < 1 || width < 1) {
    throw new ArgumentError(
      `a class score map must be [height, width, classes] with 1..256 classes (got ${height}x${width}x${classes} for ${scores.length} values)`,
      { argument: 'scores' },
    );
  }
  if (!Number.isSafeInteger(size.width) || !Number.isSafeInteger(size.height) || size.width < 1 || size.height < 1) {
    throw new ArgumentError(`'size' must be { width, height } of positive integers`, { argument: 'size' });
  }
  const mask = new Uint8Array(size.width * size.height);
  if (size.width === width && size.height === height) {
    for (let pixel = 0; pixel < mask.length; pixel += 1) {
      const base = pixel * classes;
      let best = 0;
      let bestScore = scores[base] as number;
      for (let label = 1; label < classes; label += 1) {
        const score = scores[base + label] as number;
        if (score > bestScore) {
          bestScore = score;
          best = label;
        }
      }
      mask[pixel] = best;
    }
    return mask;
  }
  const scaleY = height / size.height;
  const scaleX = width / size.width;
  const x0s = new Int32Array(size.width);
  const x1s = new Int32Array(size.width);
  const fxs = new Float64Array(size.width);
  for (let x = 0; x < size.width; x += 1) {
    const source = Math.min(Math.max((x + 0.5) * scaleX - 0.5, 0), width - 1);
    const left = Math.floor(source);
    x0s[x] = left;
    x1s[x] = Math.min(left + 1, width - 1);
    fxs[x] = source - left;
  }
  for (let y = 0; y < size.height; y += 1) {
    const sourceY = Math.min(Math.max((y + 0.5) * scaleY - 0.5, 0), height - 1);
    const top = Math.floor(sourceY);
    const bottom = Math.min(top + 1, height - 1);
    const fy = sourceY - top;
    for (let x = 0; x < size.width; x += 1) {
      const fx = fxs[x] as number;
      const a = (top * width + (x0s[x] as number)) * classes;
      const b = (top * width + (x1s[x] as number)) * classes;
      const c = (bottom * width + (x0s[x] as number)) * classes;
      const d = (bottom * width + (x1s[x] as number)) * classes;
      const wa = (1 - fx) * (1 - fy);
      const wb = fx * (1 - fy);
      const wc = (1 - fx) * fy;
      const wd = fx * fy;
      let best = 0;
      let bestScore = Number.NEGATIVE_INFINITY;
      for (let label = 0; label < classes; label += 1) {
        const score =
          wa * (scores[a + label] as number) +
          wb * (scores[b + label] as number) +
          wc * (scores[c + label] as number) +
          wd * (scores[d + label] as number);
        if (score > bestScore) {
          bestScore = score;
          best = label;
        }
      }
      mask[y * size.width + x] = best;
    }
  }
  return mask;
}

/** How many pixels of the mask each class covers (index = class). */
export function classPixelCounts(mask: Uint8Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const label of mask) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}
