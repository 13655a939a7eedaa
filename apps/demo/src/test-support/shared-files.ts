import { join } from 'node:path';
import { appDirectory, sharedDirectory } from '../config/paths.js';
import { defaultFallbackSource } from '../model/default-model.js';

/** Files from ../shared the tests use (read in place, never copied). */
export const sharedFiles = {
  graceHopper: join(sharedDirectory(), 'images', 'grace_hopper.jpg'),
  hotDog: join(sharedDirectory(), 'images', 'hot_dog.jpg'),
  model: defaultFallbackSource().source,
  labels: defaultFallbackSource().labels,
};

/** The label everyone agrees grace_hopper.jpg shows (TF Hub's tutorials; index 653 of the 1001 labels). */
export const GRACE_HOPPER_TOP1 = 'military uniform';

/** The built CLI, run by the CLI and start tests as a user would. */
export const builtMain: string = join(appDirectory, 'dist', 'main.js');

/** Where tests keep artifacts worth looking at (ignored by git). */
export const testResultsDirectory: string = join(appDirectory, 'test-results');
