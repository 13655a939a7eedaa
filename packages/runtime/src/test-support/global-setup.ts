import { buildOpenVinoExtras } from '../toolchain/openvino-extras.js';

/**
 * Builds hubvino's optional native helper before any test file runs (the explicit step users run
 * as `npx hubvino-build-openvino-extras`; a no-op when it is built from the current source), so
 * every file sees the same decoder: the helper's libjpeg decoder for plain JPEGs. Tests of the sharp
 * path set `HUBVINO_NATIVE_JPEG=0` themselves. Needs g++ and libjpeg's headers (`pnpm test` installs
 * them on Debian: scripts/test-prerequisites.mjs).
 */
export default function setup(): void {
  const result = buildOpenVinoExtras();
  if (result.built) console.error(`built ${result.path} (JPEG decoder: ${result.jpeg ? 'yes' : 'no'})`);
}
