import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The demo app's folder (`apps/demo`), found from this file whether it runs from `src/` or `dist/`. */
export const appDirectory: string = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The page's static files (HTML, CSS, JS), served as they are. */
export const publicDirectory: string = join(appDirectory, 'public');

/** The demo's default model repository (ignored by git). */
export const defaultRepository: string = join(appDirectory, 'models');

/**
 * The monorepo's root: the nearest folder above the app that holds `pnpm-workspace.yaml`
 * (falls back to two levels up, the layout of this repository).
 */
export function findRepositoryRoot(start: string = appDirectory): string {
  let directory = start;
  for (;;) {
    if (existsSync(join(directory, 'pnpm-workspace.yaml'))) return directory;
    const parent = dirname(directory);
    if (parent === directory) return resolve(appDirectory, '..', '..');
    directory = parent;
  }
}

/** `../shared` beside the checkout: the project's read-only models, labels and images. */
export function sharedDirectory(): string {
  return process.env.HUBVINO_SHARED_DIR ?? join(findRepositoryRoot(), '..', 'shared');
}
