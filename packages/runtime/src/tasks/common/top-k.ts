import { ArgumentError } from '../../errors/argument-error.js';

/** One entry of {@link topK}: the position in the scores and its score. */
export interface ScoredIndex {
  index: number;
  score: number;
}

/**
 * The `k` highest scores with their indices, highest first; ties keep the lower index first. NaN
 * scores rank last. `k` larger than the number of scores returns them all.
 * @throws ArgumentError when `k` is not a positive integer.
 */
export function topK(scores: ArrayLike<number>, k: number): ScoredIndex[] {
  if (!Number.isSafeInteger(k) || k < 1) {
    throw new ArgumentError(`'topK' must be a positive integer (got ${String(k)})`, { argument: 'topK' });
  }
  const count = Math.min(k, scores.length);
  // Keep a small sorted list: O(n * k), and k is 5 in practice. `ranks` holds the comparable scores.
  const best: ScoredIndex[] = [];
  const ranks: number[] = [];
  for (let index = 0; index < scores.length; index += 1) {
    const score = scores[index]!;
    const rank = Number.isNaN(score) ? Number.NEGATIVE_INFINITY : score;
    if (best.length === count && (rank <= ranks[count - 1]! || count === 0)) continue;
    let position = best.length;
    while (position > 0 && ranks[position - 1]! < rank) position -= 1;
    best.splice(position, 0, { index, score });
    ranks.splice(position, 0, rank);
    if (best.length > count) {
      best.pop();
      ranks.pop();
    }
  }
  return best;
}
