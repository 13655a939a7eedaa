import { join } from 'node:path';
import sharp from 'sharp';
import { colorHistogram, histogramDistance } from '../image/color-histogram.js';
import { type DecodedImage, decodeImage } from '../image/index.js';
import { sharedDirectory } from './shared-data.js';

const magenta = join(sharedDirectory, 'models', 'magenta_arbitrary_image_stylization_v1_256', 'tflite_int8');

/** The TF Hub Magenta arbitrary-image-stylization-v1-256 int8 TF Lite parts (see shared/PROVENANCE.md). */
export const magentaModelFiles = {
  prediction: join(magenta, 'magenta_arbitrary-image-stylization-v1-256_int8_prediction_1.tflite'),
  transfer: join(magenta, 'magenta_arbitrary-image-stylization-v1-256_int8_transfer_1.tflite'),
};

/** The TF style-transfer tutorials' content photo (640x480) and style painting (639x420). */
export const tuebingenPhoto = join(sharedDirectory, 'images', 'style_transfer', 'Tuebingen_Neckarfront.jpg');
export const kandinskyPainting = join(
  sharedDirectory,
  'images',
  'style_transfer',
  'Vassily_Kandinsky_Composition_7.jpg',
);

/** Chi-square distance between the 8x8x8-bin RGB histograms of two images. */
export async function colorDistance(first: string | Uint8Array, second: string | Uint8Array): Promise<number> {
  const [a, b] = await Promise.all([decodeImage(first), decodeImage(second)]);
  return histogramDistance(colorHistogram(a), colorHistogram(b));
}

/** Mean absolute difference (0..255) between two images after scaling the second to the first's size. */
export async function meanPixelDifference(first: string | Uint8Array, second: string | Uint8Array): Promise<number> {
  const a: DecodedImage = await decodeImage(first);
  const bytes = await sharp(typeof second === 'string' ? second : Buffer.from(second))
    .resize(a.width, a.height, { fit: 'fill' })
    .removeAlpha()
    .raw()
    .toBuffer();
  let sum = 0;
  for (let index = 0; index < a.data.length; index += 1)
    sum += Math.abs((a.data[index] as number) - (bytes[index] as number));
  return sum / a.data.length;
}
