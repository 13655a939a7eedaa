#!/usr/bin/env node
// TensorFlow through tfjs-node (@hubvino/tensorflow-reference), run in its own process so that
// TensorFlow's thread pools never share the bench process with OpenVINO:
// `node tfjs-probe.js <saved-model-dir> <seconds>`. Prints one JSON line.
import { loadTensorFlow, openSavedModel, tensorFlowAddonStatus } from '@hubvino/tensorflow-reference';

const [directory, secondsText] = process.argv.slice(2);
if (!directory || !secondsText) {
  process.stderr.write('usage: tfjs-probe <saved-model-dir> <seconds>\n');
  process.exit(2);
}
const seconds = Number(secondsText);
const warmupCalls = 5;

const loadStarted = performance.now();
await loadTensorFlow();
using session = await openSavedModel(directory);
const loadMs = performance.now() - loadStarted;
const spec = session.signature.inputs[0]!;
const shape = spec.shape.map((dimension) => dimension ?? 1);
const size = shape.reduce((product, dimension) => product * dimension, 1);
const data = new Float32Array(size);
let state = 1;
for (let index = 0; index < size; index += 1) {
  state = (state * 1_103_515_245 + 12_345) >>> 0;
  data[index] = state / 0x1_0000_0000;
}
const input = { dtype: 'float32' as const, shape, data };
for (let index = 0; index < warmupCalls; index += 1) session.run(input);

const samples: number[] = [];
const started = performance.now();
const deadline = started + seconds * 1000;
let ended = started;
while (ended < deadline) {
  const begin = performance.now();
  session.run(input);
  ended = performance.now();
  samples.push(ended - begin);
}
samples.sort((a, b) => a - b);
const middle = samples.length >> 1;
const medianMs = samples.length % 2 ? samples[middle]! : (samples[middle - 1]! + samples[middle]!) / 2;
const status = tensorFlowAddonStatus();
process.stdout.write(
  `${JSON.stringify({
    runtime: `tfjs-node ${status.tfjsNodeVersion} (TensorFlow ${status.tensorflowVersion ?? '?'}) SavedModel predict`,
    loadMs,
    latency: { medianMs, count: samples.length },
    // predict() is synchronous: one caller, TensorFlow's intra-op threads use every core.
    throughput: { perSecond: samples.length / ((ended - started) / 1000), requests: 1 },
  })}\n`,
);
