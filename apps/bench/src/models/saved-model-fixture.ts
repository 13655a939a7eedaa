import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { workspaceRoot } from './model-sources.js';

/** The parts of `fixtures/saved-model-fixture.mjs` the bench uses. */
interface FixtureModule {
  ensureSavedModelFixture(): Promise<{ savedModelDirectory: string; archivePath: string }>;
}

/**
 * The workspace's SavedModel fixture (Keras MobileNetV2, [?,224,224,3] -> [?,1001]), generated into
 * `.fixtures/` with the dev toolchain's TensorFlow on first use (10-20 s).
 */
export async function ensureSavedModelFixture(): Promise<{ savedModelDirectory: string; archivePath: string }> {
  const module = (await import(
    pathToFileURL(join(workspaceRoot, 'fixtures', 'saved-model-fixture.mjs')).href
  )) as FixtureModule;
  return module.ensureSavedModelFixture();
}
