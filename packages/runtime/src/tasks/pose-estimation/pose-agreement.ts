/** How closely two sets of keypoints agree (the same keypoints in the same order). */
export interface PoseAgreement {
  /** Mean and largest distance between matching keypoints, as a fraction of `scale` (e.g. the padded square's side). */
  meanDistance: number;
  maxDistance: number;
  /** Mean and largest |score difference|. */
  meanScoreDifference: number;
  maxScoreDifference: number;
}

/**
 * Compares keypoints task by task rather than number by number: distances in units of `scale`
 * (so 0.01 is 1 % of the image) over the keypoints `reference` is confident about (score >=
 * `minScore`, default 0.3; all when none is), and score differences over all keypoints.
 */
export function poseAgreement(
  actual: readonly { x: number; y: number; score: number }[],
  reference: readonly { x: number; y: number; score: number }[],
  scale: number,
  minScore = 0.3,
): PoseAgreement {
  if (actual.length !== reference.length || actual.length === 0) {
    throw new RangeError(`cannot compare ${actual.length} keypoints with ${reference.length}`);
  }
  const confident = reference.map((point) => point.score >= minScore);
  const useAll = !confident.some(Boolean);
  let distanceSum = 0;
  let distanceCount = 0;
  let maxDistance = 0;
  let scoreSum = 0;
  let maxScoreDifference = 0;
  for (const [index, point] of reference.entries()) {
    const other = actual[index] as { x: number; y: number; score: number };
    const scoreDifference = Math.abs(other.score - point.score);
    scoreSum += scoreDifference;
    maxScoreDifference = Math.max(maxScoreDifference, scoreDifference);
    if (!useAll && !confident[index]) continue;
    const distance = Math.hypot(other.x - point.x, other.y - point.y) / scale;
    distanceSum += distance;
    distanceCount += 1;
    maxDistance = Math.max(maxDistance, distance);
  }
  return {
    meanDistance: distanceSum / distanceCount,
    maxDistance,
    meanScoreDifference: scoreSum / reference.length,
    maxScoreDifference,
  };
}
