import { poseAgreement } from '@hubvino/runtime/task-support';

/**
 * Limits of the `keypoints` metric task. Measured with MoveNet lightning int8 (FP16 weights) on the
 * seeded noise input against LiteRT 2.3.0 on this Xeon's four paths (u8 on/off natively, and
 * ONEDNN_MAX_CPU_ISA=AVX2 f32 with u8 on/off): keypointMeanDistance 0.064-0.110, keypointMaxDistance
 * 0.133-0.281, keypointScoreMeanAbsDiff 0.018-0.034. Noise holds no person, so every keypoint is
 * unsure and its heatmap peak wanders; limits are about twice the worst path, and still refuse
 * unrelated keypoints (uniformly random points are ~0.52 apart on average). On a real photo the
 * runtime's tests hold MoveNet to 0.02 mean / 0.05 max of the side against TF Lite.
 */
export const KEYPOINT_LIMITS: Readonly<Record<string, number>> = Object.freeze({
  keypointMeanDistance: 0.2,
  keypointMaxDistance: 0.5,
  keypointScoreMeanAbsDiff: 0.08,
});

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
