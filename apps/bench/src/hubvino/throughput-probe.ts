#!/usr/bin/env node
// Throughput probe, one fresh Node process per throughput session (benchmark_app runs in its own):
// `node throughput-probe.js '<ThroughputProbeJob as JSON>'`. Compiles and warms up, prints one JSON
// line { requests, optimalRequests }, then for each line `<seconds>` on stdin times one round and
// prints it as one JSON line (a ThroughputRound). Exits when stdin ends.
import { createInterface } from 'node:readline';
import { openThroughputSessionHere, type ThroughputProbeJob } from './measure-throughput.js';

const [argument] = process.argv.slice(2);
if (!argument) {
  process.stderr.write("usage: throughput-probe '<job JSON>'\n");
  process.exit(2);
}
const job = JSON.parse(argument) as ThroughputProbeJob;
using session = await openThroughputSessionHere(job.prepared, job.requests, job.device);
process.stdout.write(`${JSON.stringify({ requests: session.requests, optimalRequests: session.optimalRequests })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  const seconds = Number(line);
  if (!(seconds > 0)) continue;
  process.stdout.write(`${JSON.stringify(await session.round(seconds))}\n`);
}
