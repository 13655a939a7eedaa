/**
 * Softmax of `logits` into a new Float32Array: `exp(x - max) / sum`, computed in float64 and
 * shifted by the maximum so large logits do not overflow.
 */
export function softmax(logits: ArrayLike<number>): Float32Array {
  const result = new Float32Array(logits.length);
  if (logits.length === 0) return result;
  let maximum = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < logits.length; index += 1) maximum = Math.max(maximum, logits[index]!);
  let sum = 0;
  const exponentials = new Float64Array(logits.length);
  for (let index = 0; index < logits.length; index += 1) {
    const value = Math.exp(logits[index]! - maximum);
    exponentials[index] = value;
    sum += value;
  }
  for (let index = 0; index < logits.length; index += 1) result[index] = exponentials[index]! / sum;
  return result;
}

/** Logistic sigmoid of each value, into a new Float32Array (for multi-label classifiers). */
export function sigmoid(logits: ArrayLike<number>): Float32Array {
  const result = new Float32Array(logits.length);
  for (let index = 0; index < logits.length; index += 1) result[index] = 1 / (1 + Math.exp(-logits[index]!));
  return result;
}
