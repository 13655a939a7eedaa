import type { DecodedImage } from '../../image/decoded-image.js';
import type { InferQueue } from '../../infer-queue.js';
import type { InferResult } from '../../infer-request.js';
import { Tensor } from '../../tensor.js';

/**
 * Runs one inference with RGB pixels as the u8 NHWC input `inputName` of a model prepared by
 * `prepareImageModel` (OpenVINO resizes and scales inside the model). `otherInputs` are passed as
 * they are and stay the caller's to dispose; the image tensor is freed before this returns.
 */
export async function inferImage(
  queue: InferQueue,
  inputName: string,
  pixels: DecodedImage,
  otherInputs: Record<string, Tensor> = {},
): Promise<InferResult> {
  const tensor = new Tensor('u8', [1, pixels.height, pixels.width, 3], pixels.data);
  try {
    return await queue.run({ ...otherInputs, [inputName]: tensor });
  } finally {
    tensor.dispose();
  }
}
