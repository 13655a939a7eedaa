/**
 * The 17 COCO keypoints in MoveNet's output order (the MoveNet model card and TF Hub tutorial:
 * nose, left eye, right eye, left ear, right ear, left shoulder, ... right ankle).
 */
export const COCO_KEYPOINT_NAMES = Object.freeze([
  'nose',
  'left_eye',
  'right_eye',
  'left_ear',
  'right_ear',
  'left_shoulder',
  'right_shoulder',
  'left_elbow',
  'right_elbow',
  'left_wrist',
  'right_wrist',
  'left_hip',
  'right_hip',
  'left_knee',
  'right_knee',
  'left_ankle',
  'right_ankle',
] as const);

/** A COCO keypoint name. */
export type KeypointName = (typeof COCO_KEYPOINT_NAMES)[number];

/**
 * Pairs of keypoint indices to join with a line when drawing a skeleton: the edges of the TF Hub
 * MoveNet tutorial (`KEYPOINT_EDGE_INDS_TO_COLOR`), face, arms, torso and legs.
 */
export const COCO_SKELETON: readonly (readonly [number, number])[] = Object.freeze(
  (
    [
      [0, 1],
      [0, 2],
      [1, 3],
      [2, 4],
      [0, 5],
      [0, 6],
      [5, 7],
      [7, 9],
      [6, 8],
      [8, 10],
      [5, 6],
      [5, 11],
      [6, 12],
      [11, 12],
      [11, 13],
      [13, 15],
      [12, 14],
      [14, 16],
    ] as const
  ).map((edge) => Object.freeze(edge)),
);

/** One keypoint in the original image's pixels. */
export interface Keypoint {
  name: KeypointName;
  /** Column in pixels of the image as given (0 = left edge). */
  x: number;
  /** Row in pixels of the image as given (0 = top edge). */
  y: number;
  /** The model's confidence, 0..1. */
  score: number;
}
