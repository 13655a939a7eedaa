export { colorHistogram, histogramDistance } from './color-histogram.js';
export { type DecodeImageOptions, decodedSize, decodeImage } from './decode-image.js';
export type { DecodedImage } from './decoded-image.js';
export {
  checkEncodeImageOptions,
  type EncodedImageFormat,
  type EncodeImageOptions,
  encodeImage,
} from './encode-image.js';
export { fitAspectRatio, type ResizeMode } from './fit-aspect-ratio.js';
export { describeImageInput, type ImageInput, isRawImage, type RawImage } from './image-input.js';
export {
  DEFAULT_FLATTEN_BACKGROUND,
  DEFAULT_MAX_DECODED_PIXELS,
  DEFAULT_MAX_IMAGE_DIMENSION,
  DEFAULT_MAX_INPUT_PIXELS,
  DEFAULT_MAX_RESULT_PIXELS,
  REDUCE_TOWARDS_PIXEL_FACTOR,
  SUPPORTED_IMAGE_FORMATS,
} from './image-limits.js';
export { unitRangeToBytes } from './unit-range-to-bytes.js';
