/** A box in the original image's pixels: the top-left corner, the width and the height. */
export interface BoundingBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One detected object. */
export interface Detection {
  /** The class name from the labels (`class <index>` when the model has no labels). */
  label: string;
  /** The class index the model reports (COCO SSD: 0 is "person"; the background class is already removed). */
  index: number;
  /** The detection's score (0..1). */
  score: number;
  /** Where, in the original image's pixels. */
  box: BoundingBox;
}
