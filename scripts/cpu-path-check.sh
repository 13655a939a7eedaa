#!/usr/bin/env bash
# The CPU precision paths on this machine, in under 4 minutes on 2 cores (after `pnpm install &&
# pnpm build`; no dev toolchain needed). Run it on a CPU of another kind (AVX2-only, AVX-512 without
# VNNI) to check that the low-precision guard picks the accurate path there natively:
#   1. prints this CPU's features and the guard's decision for a quantized model;
#   2. runs the guard tests: Magenta style prediction vs TF Lite's interpreter (LiteRT) natively and
#      as a CPU without VNNI (ONEDNN_MAX_CPU_ISA=AVX2), auto / forced on / forced off;
#   3. stylizes Tuebingen with Kandinsky against LiteRT on model-sized inputs (the style test's bound);
#   4. the validation metrics, a damaged DeepLab IR refused, and burger.jpg classified with the
#      uint8 MobileNetV1 0.25 (converted with default options) against LiteRT.
# Ends with one line `cpu-path-check: N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
node --input-type=module -e "
  const { Core, readCpuFeatures, chooseCpuPrecision } = await import('./packages/runtime/dist/index.js');
  const core = new Core();
  const cpu = readCpuFeatures(core);
  console.error('cpu-path-check: ' + JSON.stringify(cpu));
  console.error('cpu-path-check: quantized model without a manifest: ' + JSON.stringify(chooseCpuPrecision({ cpu })));
  core.dispose();
"
passed=0
failed=0
run() {
  local package=$1
  shift
  local report
  report=$(mktemp)
  (cd "$package" && timeout 200 npx vitest run --reporter=default --reporter=json --outputFile="$report" "$@") >&2
  local counts
  counts=$(node -e "const r=JSON.parse(require('fs').readFileSync('$report','utf8'));console.log(r.numPassedTests+' '+(r.numFailedTests+r.numFailedTestSuites))" 2>/dev/null || echo "0 1")
  passed=$((passed + ${counts% *}))
  failed=$((failed + ${counts#* }))
  rm -f "$report"
}
run packages/runtime src/precision
run packages/runtime src/tasks/style-transfer/style-transfer.integration.test.ts -t 'agrees with TensorFlow Lite'
run packages/converter src/validation/metrics.test.ts
run packages/converter src/pipeline/stages.integration.test.ts -t 'burger|damaged'
echo "cpu-path-check: ${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
