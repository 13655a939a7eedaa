/** Image input and output of the tasks: what `classify()`/`stylize()` take and how to decode/encode. */
export { type DecodeImageOptions, decodeImage } from './decode-image.js';
export type { DecodedImage } from './decoded-image.js';
export { type EncodedImageFormat, type EncodeImageOptions, encodeImage } from './encode-image.js';
export type { ResizeMode } from './fit-aspect-ratio.js';
export type { ImageInput, RawImage } from './image-input.js';
