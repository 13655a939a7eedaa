#!/usr/bin/env node
// Start-up probe, run in a fresh Node process per measurement (as benchmark_app is a fresh process):
// `node startup-probe.js <model.xml> <cache-dir or -> <static shape like 1,224,224,3 or ->`.
// Prints one JSON line: { coreMs, pluginMs, readMs, reshapeMs, compileMs }. Read + compile is what
// benchmark_app reports: it times `read_model` and `compile_model` and reports its reshape apart.
import { Core } from '@hubvino/runtime';

const [modelPath, cacheDirectory, shape] = process.argv.slice(2);
if (!modelPath) {
  process.stderr.write('usage: startup-probe <model.xml> <cache-dir|-> <shape|->\n');
  process.exit(2);
}
const coreStarted = performance.now();
using core = new Core();
// benchmark_app prints the device's version before reading the model, which loads the CPU plugin
// outside its read/compile timings; do the same so both sides time the same work.
const pluginStarted = performance.now();
core.getProperty('CPU', 'FULL_DEVICE_NAME');
const readStarted = performance.now();
using model = await core.readModel(modelPath);
const reshapeStarted = performance.now();
if (shape && shape !== '-') model.reshape(shape.split(',').map(Number));
const compileStarted = performance.now();
using compiled = await core.compileModel(model, 'CPU', {
  PERFORMANCE_HINT: 'LATENCY',
  ...(cacheDirectory && cacheDirectory !== '-' ? { CACHE_DIR: cacheDirectory } : {}),
});
const compileEnded = performance.now();
process.stdout.write(
  `${JSON.stringify({
    coreMs: pluginStarted - coreStarted,
    pluginMs: readStarted - pluginStarted,
    readMs: reshapeStarted - readStarted,
    reshapeMs: compileStarted - reshapeStarted,
    compileMs: compileEnded - compileStarted,
    inputs: compiled.inputs.length,
  })}\n`,
);
