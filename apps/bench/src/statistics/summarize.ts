/** Summary statistics of a set of samples. */
export interface SampleSummary {
  count: number;
  median: number;
  mean: number;
  min: number;
  max: number;
  /** 90th percentile (linear interpolation). */
  p90: number;
}

/**
 * The `fraction` quantile (0..1) of `samples` with linear interpolation between closest ranks (the
 * median of an even count is the mean of the two middle values).
 * @throws RangeError when `samples` is empty or `fraction` is outside 0..1.
 */
export function quantile(samples: readonly number[], fraction: number): number {
  if (samples.length === 0) throw new RangeError("'samples' must not be empty");
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError("'fraction' must be between 0 and 1");
  const sorted = [...samples].sort((a, b) => a - b);
  const position = (sorted.length - 1) * fraction;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower]!;
  const high = sorted[upper]!;
  return low + (high - low) * (position - lower);
}

/** The median of `samples`. @throws RangeError when empty. */
export function median(samples: readonly number[]): number {
  return quantile(samples, 0.5);
}

/** Count, median, mean, min, max and p90 of `samples`. @throws RangeError when empty. */
export function summarize(samples: readonly number[]): SampleSummary {
  if (samples.length === 0) throw new RangeError("'samples' must not be empty");
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of samples) {
    sum += value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return {
    count: samples.length,
    median: median(samples),
    mean: sum / samples.length,
    min,
    max,
    p90: quantile(samples, 0.9),
  };
}
