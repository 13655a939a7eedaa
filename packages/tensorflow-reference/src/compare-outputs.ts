import { ArgumentError } from '@hubvino/runtime';

/** How a candidate output (e.g. OpenVINO's, from the IR) differs from a reference (TensorFlow's). */
export interface OutputComparison {
  /** Elements compared. */
  elementCount: number;
  /** max |reference - candidate|; `Infinity` when only one side is NaN at some element. */
  maxAbsDiff: number;
  /** mean |reference - candidate| over elements where both are numbers. */
  meanAbsDiff: number;
  /** max |reference|: the scale that `maxAbsDiff` is relative to. */
  maxAbsReference: number;
  /** Rows the top-1 comparison used (`elementCount / classCount`). */
  rows: number;
  /** Index of the largest value in each row of the reference. */
  referenceTop1: number[];
  /** Index of the largest value in each row of the candidate. */
  candidateTop1: number[];
  /** Fraction of rows whose top-1 agrees (1 when all do). */
  top1Agreement: number;
  /** True when every row's top-1 agrees. */
  top1Agrees: boolean;
}

/** Options of {@link compareOutputs}. */
export interface CompareOptions {
  /** Length of one row (classes per example) for top-1; default: the whole array is one row. */
  classCount?: number;
}

/**
 * Index (relative to `start`) of the largest element of `values[start..end)`: the first one on ties;
 * NaN never wins; -1 when the range is empty or all NaN.
 */
export function argmax(values: ArrayLike<number>, start = 0, end = values.length): number {
  let best = -1;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let index = start; index < end; index += 1) {
    const value = values[index] as number;
    if (Number.isNaN(value)) continue;
    if (best === -1 || value > bestValue) {
      best = index;
      bestValue = value;
    }
  }
  return best === -1 ? -1 : best - start;
}

/**
 * Compares two outputs of the same model element by element (max and mean absolute difference) and
 * by top-1 class per row. No timing, no TensorFlow: usable for any pair of float outputs, e.g. the
 * converter's validation (TensorFlow as reference, the IR on OpenVINO as candidate).
 *
 * @throws ArgumentError when the lengths differ or `classCount` does not divide them.
 */
export function compareOutputs(
  reference: ArrayLike<number>,
  candidate: ArrayLike<number>,
  options: CompareOptions = {},
): OutputComparison {
  if (reference.length !== candidate.length) {
    throw new ArgumentError(
      `The outputs to compare have different sizes: reference ${reference.length} elements, candidate ${candidate.length}.`,
      { argument: 'candidate' },
    );
  }
  const count = reference.length;
  const classCount = options.classCount ?? count;
  if (!Number.isInteger(classCount) || classCount <= 0 || count % classCount !== 0) {
    throw new ArgumentError(`'classCount' must be a positive integer dividing ${count} (got ${classCount}).`, {
      argument: 'classCount',
    });
  }
  let maxAbsDiff = 0;
  let sum = 0;
  let compared = 0;
  let maxAbsReference = 0;
  for (let index = 0; index < count; index += 1) {
    const a = reference[index] as number;
    const b = candidate[index] as number;
    const aNaN = Number.isNaN(a);
    const bNaN = Number.isNaN(b);
    if (aNaN || bNaN) {
      if (aNaN !== bNaN) maxAbsDiff = Number.POSITIVE_INFINITY;
      continue;
    }
    const difference = Math.abs(a - b);
    if (difference > maxAbsDiff) maxAbsDiff = difference;
    if (Math.abs(a) > maxAbsReference) maxAbsReference = Math.abs(a);
    sum += difference;
    compared += 1;
  }
  const rows = count === 0 ? 0 : count / classCount;
  const referenceTop1: number[] = [];
  const candidateTop1: number[] = [];
  let agreeing = 0;
  for (let row = 0; row < rows; row += 1) {
    const start = row * classCount;
    const referenceIndex = argmax(reference, start, start + classCount);
    const candidateIndex = argmax(candidate, start, start + classCount);
    referenceTop1.push(referenceIndex);
    candidateTop1.push(candidateIndex);
    if (referenceIndex === candidateIndex && referenceIndex !== -1) agreeing += 1;
  }
  return {
    elementCount: count,
    maxAbsDiff,
    meanAbsDiff: compared === 0 ? 0 : sum / compared,
    maxAbsReference,
    rows,
    referenceTop1,
    candidateTop1,
    top1Agreement: rows === 0 ? 1 : agreeing / rows,
    top1Agrees: agreeing === rows,
  };
}
