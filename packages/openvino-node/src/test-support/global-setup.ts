import { buildOpenVinoExtras } from '@hubvino/runtime/toolchain';

/**
 * Builds hubvino's optional OpenVINO helper before the tests (the explicit step users run as
 * `npx hubvino-build-openvino-extras`): Model.clone/getName/setFriendlyName/getOps, saveModelSync,
 * queryModel and import with properties are tested against it. Needs a C++17 compiler.
 */
export default function setup(): void {
  const result = buildOpenVinoExtras();
  if (result.built) console.error(`built ${result.path}`);
}
