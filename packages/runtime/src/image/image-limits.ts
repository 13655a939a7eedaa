/**
 * Default ceiling on `width * height` of an image to decode: 100 megapixels (a 10000x10000 image,
 * 300 MB as RGB). Larger images are refused from their header, before any pixel is decoded.
 */
export const DEFAULT_MAX_INPUT_PIXELS = 100_000_000;

/** Formats {@link decodeImage} accepts, as sharp names them (`heif` covers AVIF). */
export const SUPPORTED_IMAGE_FORMATS: readonly string[] = Object.freeze(['jpeg', 'png', 'webp', 'gif', 'tiff', 'heif']);

/** The background alpha is flattened onto: white, as browsers show transparent images on a page. */
export const DEFAULT_FLATTEN_BACKGROUND: Readonly<{ r: number; g: number; b: number }> = Object.freeze({
  r: 255,
  g: 255,
  b: 255,
});
