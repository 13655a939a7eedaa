import { poseAgreement } from '@hubvino/runtime/task-support';

/** Keypoints below this reference score are left out of the distances (MoveNet's drawing threshold is 0.11-0.3). */
export const KEYPOINT_CONFIDENCE = 0.3;

/**
 * Pose metrics of two `[..., K, 3]` (y, x, score) outputs with coordinates normalised to the input
 * (MoveNet): mean and largest distance between matching keypoints in units of the input side, over
 * the keypoints the reference scores >= {@link KEYPOINT_CONFIDENCE} (all of them when it is sure of
 * none, as on noise), and the mean |score difference|.
 */
export function keypointMetrics(ir: Float64Array, reference: Float64Array): Record<string, number> {
  if (ir.length !== reference.length || ir.length === 0 || ir.length % 3 !== 0) {
    return { keypointMeanDistance: Number.POSITIVE_INFINITY, keypointMaxDistance: Number.POSITIVE_INFINITY };
  }
  const points = (values: Float64Array) =>
    Array.from({ length: values.length / 3 }, (_, index) => ({
      y: values[index * 3] as number,
      x: values[index * 3 + 1] as number,
      score: values[index * 3 + 2] as number,
    }));
  const agreement = poseAgreement(points(ir), points(reference), 1, KEYPOINT_CONFIDENCE);
  return {
    keypointMeanDistance: agreement.meanDistance,
    keypointMaxDistance: agreement.maxDistance,
    keypointScoreMeanAbsDiff: agreement.meanScoreDifference,
  };
}
