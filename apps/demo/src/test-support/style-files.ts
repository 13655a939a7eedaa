import { join } from 'node:path';
import { decodeImage } from '@hubvino/runtime';
import { colorHistogram, histogramDistance } from '@hubvino/runtime/task-support';
import { sharedDirectory } from '../config/paths.js';

/** The TF style-transfer tutorials' content photo (640x480) and style painting (639x420), in ../shared. */
export const styleFiles = {
  tuebingen: join(sharedDirectory(), 'images', 'style_transfer', 'Tuebingen_Neckarfront.jpg'),
  kandinsky: join(sharedDirectory(), 'images', 'style_transfer', 'Vassily_Kandinsky_Composition_7.jpg'),
};

/** Chi-square distance between the 8x8x8-bin colour histograms of two images (0 equal, 1 disjoint). */
export async function colorDistance(first: string | Uint8Array, second: string | Uint8Array): Promise<number> {
  const [a, b] = await Promise.all([decodeImage(first), decodeImage(second)]);
  return histogramDistance(colorHistogram(a), colorHistogram(b));
}
