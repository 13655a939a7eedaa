import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { ArgumentError } from '@hubvino/runtime';
import { hubvinoWorkspaceRoot } from '@hubvino/runtime/toolchain';
import { HELD_APART_SHARE, type ResolvedQuantizeOptions } from './quantize-options.js';

/** Image file name endings the calibration set takes (what the runtime's decoder reads). */
export const CALIBRATION_IMAGE_EXTENSIONS: readonly string[] = Object.freeze([
  '.jpg',
  '.jpeg',
  '.png',
  '.bmp',
  '.webp',
  '.gif',
  '.tif',
  '.tiff',
]);

/** One image file and its sha256. */
export interface CalibrationImage {
  path: string;
  sha256: string;
}

/** The images, split into the calibration part and the part held apart for validation. */
export interface CalibrationImages {
  /** The folder the images came from. */
  folder: string;
  calibration: CalibrationImage[];
  heldApart: CalibrationImage[];
  /** sha256 over the sorted sha256s of the calibration images (one per line). */
  calibrationSha256: string;
  /** The same over the held-apart images. */
  heldApartSha256: string;
}

/**
 * The default image folder for `calibration: <count>`: `HUBVINO_CALIBRATION_IMAGES`, else
 * `../shared/images` beside the hubvino workspace (the repository's test photos), when it exists.
 */
export function defaultCalibrationFolder(environment: NodeJS.ProcessEnv = process.env): string | undefined {
  if (environment.HUBVINO_CALIBRATION_IMAGES) return resolve(environment.HUBVINO_CALIBRATION_IMAGES);
  const workspace = hubvinoWorkspaceRoot();
  const shared = workspace ? join(dirname(workspace), 'shared', 'images') : undefined;
  return shared && existsSync(shared) ? shared : undefined;
}

/** sha256 over sorted hex digests, one per line: the digest of a set of files regardless of names and order. */
export function digestOfDigests(digests: readonly string[]): string {
  return createHash('sha256')
    .update(
      [...digests]
        .sort()
        .map((digest) => `${digest}\n`)
        .join(''),
    )
    .digest('hex');
}

/**
 * Lists the image files of the calibration folder (top level; sub-folders are skipped) and splits
 * them: every file whose sha256 sorts into the last {@link HELD_APART_SHARE} is held apart for
 * validation (at least one), so the split depends only on the files' contents.
 * @throws ArgumentError naming `calibration` for a missing/empty folder, a non-image file, or fewer than 2 images.
 */
export async function collectCalibrationImages(
  calibration: ResolvedQuantizeOptions['calibration'],
  argument = 'calibration',
): Promise<CalibrationImages> {
  let folder: string;
  if ('folder' in calibration) {
    folder = resolve(calibration.folder);
  } else {
    const fallback = defaultCalibrationFolder();
    if (!fallback) {
      throw new ArgumentError(
        `'${argument}' is a count (${calibration.count}) but there is no default image folder: set HUBVINO_CALIBRATION_IMAGES, or pass a folder of images.`,
        { argument },
      );
    }
    folder = fallback;
  }
  let entries: string[];
  try {
    if (!(await stat(folder)).isDirectory()) {
      throw new ArgumentError(`'${argument}' must be a folder of images or a count; ${folder} is a file.`, {
        argument,
      });
    }
    entries = await readdir(folder);
  } catch (error) {
    if (ArgumentError.isInstance(error)) throw error;
    throw new ArgumentError(
      `'${argument}' folder ${folder} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
      { argument, cause: error },
    );
  }
  const files: string[] = [];
  for (const entry of entries.sort()) {
    if (entry.startsWith('.')) continue;
    const path = join(folder, entry);
    const info = await stat(path);
    if (info.isDirectory()) continue;
    if (!CALIBRATION_IMAGE_EXTENSIONS.includes(extname(entry).toLowerCase())) {
      throw new ArgumentError(
        `'${argument}' folder ${folder} holds ${entry}, which is not an image (${CALIBRATION_IMAGE_EXTENSIONS.join(', ')}); remove it or use a folder of images only.`,
        { argument },
      );
    }
    files.push(path);
  }
  if (files.length < 2) {
    throw new ArgumentError(
      `'${argument}' folder ${folder} has ${files.length} image(s); at least 2 are needed (one is held apart for validation).`,
      { argument },
    );
  }
  const images = await Promise.all(
    files.map(async (path) => ({
      path,
      sha256: createHash('sha256')
        .update(await readFile(path))
        .digest('hex'),
    })),
  );
  const byDigest = [...images].sort((a, b) => (a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : 0));
  const heldApartCount = Math.max(1, Math.round(images.length * HELD_APART_SHARE));
  const heldApart = byDigest.slice(byDigest.length - heldApartCount);
  const calibrationPart = byDigest.slice(0, byDigest.length - heldApartCount);
  return {
    folder,
    calibration: calibrationPart,
    heldApart,
    calibrationSha256: digestOfDigests(calibrationPart.map((image) => image.sha256)),
    heldApartSha256: digestOfDigests(heldApart.map((image) => image.sha256)),
  };
}
