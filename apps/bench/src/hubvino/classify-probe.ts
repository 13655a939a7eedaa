#!/usr/bin/env node
// Classify probe, run in a fresh Node process per end-to-end pass (the Python side runs in its own):
// `node classify-probe.js '<ClassifyProbeJob as JSON>'`. Prints one JSON line, a HubvinoClassifyMeasurement.
import { type ClassifyProbeJob, classifyFiles } from './classify-folder.js';

const [argument] = process.argv.slice(2);
if (!argument) {
  process.stderr.write("usage: classify-probe '<job JSON>'\n");
  process.exit(2);
}
const measurement = await classifyFiles(JSON.parse(argument) as ClassifyProbeJob);
process.stdout.write(`${JSON.stringify(measurement)}\n`);
