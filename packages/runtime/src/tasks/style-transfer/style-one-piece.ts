import { decodeImage } from '../../image/decode-image.js';
import type { DecodedImage } from '../../image/decoded-image.js';
import type { EncodedImageFormat } from '../../image/encode-image.js';
import { fitAspectRatio } from '../../image/fit-aspect-ratio.js';
import type { ImageInput } from '../../image/image-input.js';
import { DEFAULT_MAX_RESULT_PIXELS } from '../../image/image-limits.js';
import type { InferQueue } from '../../infer-queue.js';
import { Tensor } from '../../tensor.js';
import { outputData } from '../base/task-outputs.js';
import { Stopwatch } from '../base/task-timings.js';
import { inferImage } from '../common/image-tensor.js';
import { encodeStylized, stylizedSize } from './encode-stylized.js';
import type { PreparedOnePiece } from './style-one-piece-model.js';
import type { StylizedImage } from './style-transfer-options.js';

/**
 * One `stylize` call with the one-piece model: the content decoded at its own size (shrunk to at
 * most {@link DEFAULT_MAX_RESULT_PIXELS} while decoding, the most a result has), the style decoded
 * towards the model's style size and center-cropped to its aspect ratio (OpenVINO resizes it inside
 * the model), one inference, and the result encoded at the content image's size.
 */
export async function stylizeOnePiece(
  queue: InferQueue,
  model: PreparedOnePiece,
  content: ImageInput,
  style: ImageInput,
  encoding: { format: EncodedImageFormat; quality: number },
  options: { maxPixels: number | undefined; assertLive: () => void },
): Promise<StylizedImage> {
  const stopwatch = new Stopwatch();
  const limits = options.maxPixels === undefined ? {} : { maxPixels: options.maxPixels };
  const [contentImage, styleImage] = await stopwatch.time('preprocess', () =>
    Promise.all([
      decodeImage(content, { maxDecodedPixels: DEFAULT_MAX_RESULT_PIXELS, ...limits }),
      decodeImage(style, { reduceTowards: model.styleSize, ...limits }),
    ]),
  );
  options.assertLive();
  const stylized = await stopwatch.time('infer', () => paint(queue, model, contentImage, styleImage));
  const size = { height: contentImage.height, width: contentImage.width };
  const image = await stopwatch.time('postprocess', () => encodeStylized(stylized, size, contentImage, encoding));
  const timings = stopwatch.timings();
  const result = stylizedSize(contentImage);
  return {
    image,
    format: encoding.format,
    width: result.width,
    height: result.height,
    mimeType: encoding.format === 'png' ? 'image/png' : 'image/jpeg',
    timings: {
      ...timings,
      decode: timings.preprocess,
      prediction: 0,
      transfer: timings.infer,
      encode: timings.postprocess,
    },
  };
}

/** Runs the model on the content (its own size) and the style (center-cropped); returns f32 NHWC in [0, 1]. */
async function paint(
  queue: InferQueue,
  model: PreparedOnePiece,
  content: DecodedImage,
  style: DecodedImage,
): Promise<Float32Array> {
  const fitted = fitAspectRatio(style, model.styleSize, 'center-crop');
  const styleTensor = new Tensor('u8', [1, fitted.height, fitted.width, 3], fitted.data);
  try {
    const result = await inferImage(queue, model.contentInputName, content, { [model.styleInputName]: styleTensor });
    return outputData(result, model.outputName, [Float32Array]);
  } finally {
    styleTensor.dispose();
  }
}
