import type { DecodedImage } from '../../image/decoded-image.js';

/** An RGB colour. */
export type Rgb = [number, number, number];

/**
 * The PASCAL VOC colour map (DeepLab's `create_pascal_label_colormap`): class `i` gets the colour
 * whose bits interleave `i`'s bits, so neighbouring classes differ clearly. Class 0 is black.
 */
export function pascalColour(index: number): Rgb {
  let red = 0;
  let green = 0;
  let blue = 0;
  let value = index;
  for (let shift = 7; shift >= 0; shift -= 1) {
    red |= (value & 1) << shift;
    green |= ((value >> 1) & 1) << shift;
    blue |= ((value >> 2) & 1) << shift;
    value >>= 3;
  }
  return [red, green, blue];
}

/**
 * The image with each pixel's class colour blended over it (`opacity` of the colour); pixels of
 * `transparentClass` (the background, class 0, by default) are left as they are.
 */
export function colourOverlay(
  image: DecodedImage,
  mask: Uint8Array,
  options: { opacity?: number; transparentClass?: number } = {},
): DecodedImage {
  const opacity = options.opacity ?? 0.6;
  const transparent = options.transparentClass ?? 0;
  const palette = Array.from({ length: 256 }, (_, index) => pascalColour(index));
  const data = new Uint8Array(image.data.length);
  for (let pixel = 0; pixel < mask.length; pixel += 1) {
    const label = mask[pixel] as number;
    const offset = pixel * 3;
    if (label === transparent) {
      data[offset] = image.data[offset] as number;
      data[offset + 1] = image.data[offset + 1] as number;
      data[offset + 2] = image.data[offset + 2] as number;
      continue;
    }
    const colour = palette[label] as Rgb;
    for (let channel = 0; channel < 3; channel += 1) {
      data[offset + channel] = Math.round(
        (1 - opacity) * (image.data[offset + channel] as number) + opacity * colour[channel as 0 | 1 | 2],
      );
    }
  }
  return { data, width: image.width, height: image.height, channels: 3 };
}
