#!/usr/bin/env node
// Builds hubvino's optional OpenVINO helper (Model.clone/getName/setFriendlyName/getOps,
// saveModelSync, Core.queryModel, importModel with properties, Core-wide getProperty): the calls
// OpenVINO's C API lacks. Needs a C++17 compiler ($CXX, default g++). Usage:
//   npx hubvino-build-openvino-extras [--force] [--json]
import { buildOpenVinoExtras } from '@hubvino/runtime/toolchain';

const args = process.argv.slice(2);
const json = args.includes('--json');
try {
  const result = buildOpenVinoExtras({ force: args.includes('--force') });
  if (json) console.log(JSON.stringify(result));
  else console.error(result.built ? `built ${result.path} with ${result.compiler}` : `already built: ${result.path}`);
} catch (error) {
  if (json) console.log(JSON.stringify({ error: { code: error.code ?? 'ERR_INTERNAL', message: error.message } }));
  else console.error(`hubvino-build-openvino-extras: ${error.message}`);
  process.exitCode = 8;
}
