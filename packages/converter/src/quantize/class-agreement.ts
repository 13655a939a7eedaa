/** How often a model's classes agree with a reference's, over `count` samples. */
export interface ClassAgreement {
  samples: number;
  /** Share of samples whose top-1 class is the reference's top-1 class. */
  top1Agreement: number;
  /** Share of samples whose top-1 class is among the reference's top 5 (top-5 accuracy with the reference as labels). */
  top5Agreement: number;
}

function argmax(values: ArrayLike<number>, start: number, length: number): number {
  let best = start;
  for (let index = start + 1; index < start + length; index += 1) {
    if ((values[index] as number) > (values[best] as number)) best = index;
  }
  return best - start;
}

function topFive(values: ArrayLike<number>, start: number, length: number): number[] {
  const indices: number[] = [];
  for (let index = 0; index < length; index += 1) {
    indices.push(index);
    indices.sort((a, b) => (values[start + b] as number) - (values[start + a] as number));
    if (indices.length > 5) indices.pop();
  }
  return indices;
}

/**
 * Top-1 and top-5 agreement of `candidate` with `reference`, both `samples x classes` scores (logits
 * or probabilities: the ranking is the same under softmax). Ties count for the first index, as argmax.
 */
export function classAgreement(
  candidate: ArrayLike<number>,
  reference: ArrayLike<number>,
  classes: number,
): ClassAgreement {
  if (!Number.isSafeInteger(classes) || classes < 1)
    throw new RangeError(`'classes' must be a positive integer (got ${classes})`);
  if (candidate.length !== reference.length || candidate.length % classes !== 0) {
    throw new RangeError(
      `scores of ${candidate.length} and ${reference.length} values do not make whole rows of ${classes} classes`,
    );
  }
  const samples = candidate.length / classes;
  let top1 = 0;
  let top5 = 0;
  for (let sample = 0; sample < samples; sample += 1) {
    const start = sample * classes;
    const predicted = argmax(candidate, start, classes);
    if (predicted === argmax(reference, start, classes)) top1 += 1;
    if (topFive(reference, start, classes).includes(predicted)) top5 += 1;
  }
  return {
    samples,
    top1Agreement: samples > 0 ? top1 / samples : 1,
    top5Agreement: samples > 0 ? top5 / samples : 1,
  };
}

/** Percentage points of top-1 agreement lost: `baseline - candidate`, in pp (0 when the candidate agrees more). */
/** The top-1 class of every row of `values` (`classes` scores each). */
export function topClasses(values: ArrayLike<number>, classes: number): Int32Array {
  const rows = Math.floor(values.length / classes);
  const result = new Int32Array(rows);
  for (let row = 0; row < rows; row += 1) result[row] = argmax(values, row * classes, classes);
  return result;
}

export function agreementLossPoints(baseline: ClassAgreement, candidate: ClassAgreement): number {
  return Math.max(0, (baseline.top1Agreement - candidate.top1Agreement) * 100);
}

/** Sample indices where the reference's top-1 probability is at least `threshold` (rows of `classes`). */
export function confidentSamples(probabilities: ArrayLike<number>, classes: number, threshold: number): number[] {
  const indices: number[] = [];
  for (let sample = 0; sample < probabilities.length / classes; sample += 1) {
    let best = Number.NEGATIVE_INFINITY;
    for (let index = sample * classes; index < (sample + 1) * classes; index += 1) {
      best = Math.max(best, probabilities[index] as number);
    }
    if (best >= threshold) indices.push(sample);
  }
  return indices;
}

/** The rows `samples` of a `rows x classes` array, in order. */
export function pickRows(values: ArrayLike<number>, classes: number, samples: readonly number[]): Float32Array {
  const result = new Float32Array(samples.length * classes);
  samples.forEach((sample, position) => {
    for (let index = 0; index < classes; index += 1) {
      result[position * classes + index] = values[sample * classes + index] as number;
    }
  });
  return result;
}
