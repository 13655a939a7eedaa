import type { DecodedImage } from './decoded-image.js';

/**
 * How an image is brought to a model's input size (the manifest's `preprocessing.resizeMode`):
 * - `stretch`: resize the whole image to the input size, ignoring the aspect ratio (what TF Hub's
 *   classification notebooks do: `resize((224, 224))`).
 * - `center-crop`: cut the largest centred region with the input's aspect ratio, then resize.
 * - `letterbox`: pad to the input's aspect ratio with `background` (black), image centred, then resize.
 */
export type ResizeMode = 'stretch' | 'center-crop' | 'letterbox';

/**
 * Crops or pads `image` to the aspect ratio of `target` (the resize itself is left to OpenVINO's
 * PrePostProcessor). Copies whole rows with `TypedArray.set`, no per-pixel work; returns `image`
 * itself for `stretch` or when the aspect ratio already matches.
 */
export function fitAspectRatio(
  image: DecodedImage,
  target: { width: number; height: number },
  mode: ResizeMode,
  background: { r: number; g: number; b: number } = { r: 0, g: 0, b: 0 },
): DecodedImage {
  if (mode === 'stretch') return image;
  const { width, height } = image;
  // Width the image would need at its own height to match the target aspect ratio.
  const matchingWidth = Math.round((height * target.width) / target.height);
  if (matchingWidth === width) return image;
  const rowBytes = width * 3;
  if (mode === 'center-crop') {
    if (matchingWidth < width) {
      const left = Math.floor((width - matchingWidth) / 2);
      const data = new Uint8Array(matchingWidth * height * 3);
      for (let row = 0; row < height; row += 1) {
        const start = row * rowBytes + left * 3;
        data.set(image.data.subarray(start, start + matchingWidth * 3), row * matchingWidth * 3);
      }
      return { data, width: matchingWidth, height, channels: 3 };
    }
    const croppedHeight = Math.max(1, Math.round((width * target.height) / target.width));
    const top = Math.floor((height - croppedHeight) / 2);
    return {
      data: image.data.slice(top * rowBytes, (top + croppedHeight) * rowBytes),
      width,
      height: croppedHeight,
      channels: 3,
    };
  }
  // letterbox
  const paddedWidth = Math.max(width, matchingWidth);
  const paddedHeight = matchingWidth >= width ? height : Math.round((width * target.height) / target.width);
  const data = new Uint8Array(paddedWidth * paddedHeight * 3);
  const pixel = new Uint8Array([background.r, background.g, background.b]);
  const firstRow = new Uint8Array(paddedWidth * 3);
  for (let offset = 0; offset < firstRow.length; offset += 3) firstRow.set(pixel, offset);
  for (let row = 0; row < paddedHeight; row += 1) data.set(firstRow, row * paddedWidth * 3);
  const left = Math.floor((paddedWidth - width) / 2);
  const top = Math.floor((paddedHeight - height) / 2);
  for (let row = 0; row < height; row += 1) {
    data.set(image.data.subarray(row * rowBytes, (row + 1) * rowBytes), ((top + row) * paddedWidth + left) * 3);
  }
  return { data, width: paddedWidth, height: paddedHeight, channels: 3 };
}
