/**
 * Default ceiling on `width * height` of an image to decode: 100 megapixels (a 10000x10000 image,
 * 300 MB as RGB). Larger images are refused from their header, before any pixel is decoded.
 */
export const DEFAULT_MAX_INPUT_PIXELS = 100_000_000;

/**
 * Default ceiling on either side of an image to decode: 16384 pixels. A decoder holds at least one
 * whole row before it can shrink an image, so the row length (not only the pixel count) bounds its
 * memory; 16384 is also WebP's own limit and far beyond any camera's.
 */
export const DEFAULT_MAX_IMAGE_DIMENSION = 16_384;

/**
 * Default ceiling on the pixels {@link decodeImage} produces: 16 megapixels (48 MB as RGB). Larger
 * images are shrunk while they are decoded, keeping their aspect ratio.
 */
export const DEFAULT_MAX_DECODED_PIXELS = 16_000_000;

/**
 * With `reduceTowards`, the decoded image holds at most this many times the target's pixels (64 x
 * 224x224 = 3.2 megapixels): more gives a model's resize nothing to use.
 */
export const REDUCE_TOWARDS_PIXEL_FACTOR = 64;

/**
 * Ceiling on the pixels of an image made from a model's output (a stylized image): 4 megapixels
 * (2048x2048). A result for a larger input keeps the input's aspect ratio at this size.
 */
export const DEFAULT_MAX_RESULT_PIXELS = 4_194_304;

/** Formats {@link decodeImage} accepts, as sharp names them (`heif` covers AVIF). */
export const SUPPORTED_IMAGE_FORMATS: readonly string[] = Object.freeze(['jpeg', 'png', 'webp', 'gif', 'tiff', 'heif']);

/** The background alpha is flattened onto: white, as browsers show transparent images on a page. */
export const DEFAULT_FLATTEN_BACKGROUND: Readonly<{ r: number; g: number; b: number }> = Object.freeze({
  r: 255,
  g: 255,
  b: 255,
});
