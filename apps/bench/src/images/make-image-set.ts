import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import sharp from 'sharp';

/** Widths of the generated JPEGs, cycled through: thumbnails to 720p-class photos. */
const widths = [224, 320, 400, 512, 640, 800, 960, 1024, 1280];

/** One crop of a source photo, as fractions of its width and height. */
export interface CropPlan {
  source: string;
  /** Output file name (`image-000.jpg` ...). */
  name: string;
  left: number;
  top: number;
  width: number;
  height: number;
  outputWidth: number;
  quality: number;
}

/**
 * Plans `count` varied JPEGs from `sources` deterministically: source photos round-robin, crops
 * between 60% and 100% of each side at varying offsets, output widths from 224 to 1280 pixels.
 */
export function planImageSet(sources: readonly string[], count: number): CropPlan[] {
  if (sources.length === 0) throw new RangeError("'sources' must name at least one photo");
  const plans: CropPlan[] = [];
  for (let index = 0; index < count; index += 1) {
    const width = 0.6 + ((index * 7) % 5) * 0.1;
    const height = 0.6 + ((index * 3) % 5) * 0.1;
    plans.push({
      source: sources[index % sources.length]!,
      name: `image-${String(index).padStart(3, '0')}.jpg`,
      left: (1 - width) * ((index % 3) / 2),
      top: (1 - height) * (((index + 1) % 3) / 2),
      width,
      height,
      outputWidth: widths[index % widths.length]!,
      quality: 80 + (index % 4) * 5,
    });
  }
  return plans;
}

/** The photos of `../shared/images` (JPEG and PNG, recursively) to make the image set from. */
export async function listSourcePhotos(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && ['.jpg', '.jpeg', '.png'].includes(extname(entry.name).toLowerCase()))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * Writes `count` JPEGs of varied sizes, cropped and resized from `sources` with sharp, into a new
 * temporary folder (the caller removes it). Returns the folder and the files in order.
 */
export async function makeImageSet(
  sources: readonly string[],
  count: number,
): Promise<{ folder: string; files: string[] }> {
  const folder = await mkdtemp(join(tmpdir(), 'hubvino-bench-images-'));
  const files: string[] = [];
  const metadataBySource = new Map<string, { width: number; height: number }>();
  for (const plan of planImageSet(sources, count)) {
    let size = metadataBySource.get(plan.source);
    if (!size) {
      const metadata = await sharp(plan.source).metadata();
      size = { width: metadata.width ?? 1, height: metadata.height ?? 1 };
      metadataBySource.set(plan.source, size);
    }
    const region = {
      left: Math.floor(plan.left * size.width),
      top: Math.floor(plan.top * size.height),
      width: Math.max(1, Math.floor(plan.width * size.width)),
      height: Math.max(1, Math.floor(plan.height * size.height)),
    };
    const file = join(folder, plan.name);
    await sharp(plan.source)
      .extract(region)
      .flatten({ background: '#ffffff' })
      .resize({ width: plan.outputWidth })
      .jpeg({ quality: plan.quality })
      .toFile(file);
    files.push(file);
  }
  return { folder, files };
}
