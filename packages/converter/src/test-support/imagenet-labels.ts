import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { moduleDirectory } from '../hub/hub-handle.js';
import { IMAGENET_LABELS_FILE, IMAGENET_LABELS_URL } from '../pipeline/labels.js';
import { sharedLabels } from './workspace-paths.js';

/**
 * Puts ../shared's ImageNetLabels.txt (byte-identical to TF's, see ../shared/PROVENANCE.md) where
 * the converter caches TF's ImageNetLabels.txt, so tests that convert a 1001-class classifier
 * without labels never reach for the network.
 */
export async function prefillImageNetLabels(cacheDirectory: string): Promise<void> {
  const directory = moduleDirectory(cacheDirectory, IMAGENET_LABELS_URL);
  await mkdir(directory, { recursive: true });
  await copyFile(sharedLabels, join(directory, IMAGENET_LABELS_FILE));
}
