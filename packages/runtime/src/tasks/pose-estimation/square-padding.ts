/**
 * Where an image sits inside the square it is padded to before MoveNet's resize: the model card
 * asks for the aspect ratio to be kept ("pad the image to a square, then resize to 192x192"; the
 * TF Hub tutorial uses `tf.image.resize_with_pad`, which centres the image). `left`/`top` are the
 * padding before the image, as `fitAspectRatio(..., 'letterbox')` places it.
 */
export interface SquarePadding {
  /** Side of the padded square, in original pixels. */
  side: number;
  left: number;
  top: number;
}

/** The centred square padding of a `width` x `height` image (floor of half the difference first). */
export function squarePadding(width: number, height: number): SquarePadding {
  const side = Math.max(width, height);
  return { side, left: Math.floor((side - width) / 2), top: Math.floor((side - height) / 2) };
}

/**
 * Maps MoveNet's output ([1, 1, 17, 3]: y, x, score per keypoint, coordinates normalised to the
 * padded square) to the original image's pixels, clamped to the image.
 */
export function keypointsToImagePixels(
  values: ArrayLike<number>,
  image: { width: number; height: number },
  padding: SquarePadding = squarePadding(image.width, image.height),
): { x: number; y: number; score: number }[] {
  if (values.length % 3 !== 0) throw new RangeError(`MoveNet output length ${values.length} is not a multiple of 3`);
  const points: { x: number; y: number; score: number }[] = [];
  for (let index = 0; index < values.length; index += 3) {
    const y = (values[index] as number) * padding.side - padding.top;
    const x = (values[index + 1] as number) * padding.side - padding.left;
    points.push({
      x: Math.min(Math.max(x, 0), image.width),
      y: Math.min(Math.max(y, 0), image.height),
      score: values[index + 2] as number,
    });
  }
  return points;
}
