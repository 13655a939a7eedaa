export { colorHistogram, histogramDistance } from './color-histogram.js';
export { type DecodeImageOptions, decodeImage } from './decode-image.js';
export type { DecodedImage } from './decoded-image.js';
export {
  checkEncodeImageOptions,
  type EncodedImageFormat,
  type EncodeImageOptions,
  encodeImage,
} from './encode-image.js';
export { fitAspectRatio, type ResizeMode } from './fit-aspect-ratio.js';
export { describeImageInput, type ImageInput, isRawImage, type RawImage } from './image-input.js';
export { DEFAULT_FLATTEN_BACKGROUND, DEFAULT_MAX_INPUT_PIXELS, SUPPORTED_IMAGE_FORMATS } from './image-limits.js';
export { unitRangeToBytes } from './unit-range-to-bytes.js';
