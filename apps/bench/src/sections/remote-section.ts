import { join } from 'node:path';
import { sharedImagesDirectory } from '../models/model-sources.js';
import type { PreparedModel } from '../models/prepared-model.js';
import { measureRemoteLoad } from '../remote/remote-load.js';
import { compare } from '../statistics/comparison.js';
import type { BenchContext } from './bench-context.js';

/**
 * Remote inference under load: hubvino's KServe v2 client against the kserve ModelServer serving
 * the `serve-config` output of the model (closed loop, `remoteClients` clients for
 * `remoteDurationSeconds`), against the same served IR in-process with the same number of clients.
 * Throughput and p99 latency, both sides on this machine's cores.
 */
export async function runRemoteSection(context: BenchContext, model: PreparedModel): Promise<void> {
  const { remoteClients: clients, remoteDurationSeconds: seconds } = context.options;
  context.log(`remote: ${clients} clients for ${seconds} s against the kserve ModelServer, then in-process`);
  const measurement = await measureRemoteLoad(model, {
    clients,
    durationSeconds: seconds,
    image: join(sharedImagesDirectory, 'grace_hopper.jpg'),
    workDirectory: context.workDirectory,
  });
  const { remote, inProcess } = measurement;
  const subject = `${model.label}, served IR (pre-processing inside), grace_hopper.jpg`;
  const reference = `the same served IR in-process (InferQueue, THROUGHPUT hint, ${clients} clients)`;
  const method = `${clients} concurrent clients, ${seconds} s closed loop, KServe v2 REST binary tensors to the kserve ModelServer`;
  context.rows.push(
    {
      section: 'remote',
      subject,
      metric: `throughput, ${method}`,
      unit: 'inferences/s',
      reference,
      comparison: compare(remote.throughput, inProcess.throughput, 'higher'),
    },
    {
      section: 'remote',
      subject,
      metric: `latency p99, ${method}`,
      unit: 'ms',
      reference,
      comparison: compare(remote.latencyMs.p99, inProcess.latencyMs.p99, 'lower'),
    },
  );
  context.notes.push(
    `remote: ${remote.completed} calls answered, ${remote.failed} failed${remote.failed ? ` (${JSON.stringify(remote.errorsByCode)})` : ''}; p50 ${remote.latencyMs.p50.toFixed(1)} ms, p99 ${remote.latencyMs.p99.toFixed(1)} ms remote vs p50 ${inProcess.latencyMs.p50.toFixed(1)} ms, p99 ${inProcess.latencyMs.p99.toFixed(1)} ms in-process; top-1 index ${measurement.top1.remote} remote, ${measurement.top1.inProcess} in-process.`,
  );
  context.details.remote = { model: model.id, ...measurement };
}
