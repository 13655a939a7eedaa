import { join } from 'node:path';
import { writeServingConfig } from '@hubvino/converter';
import { Core, decodeImage, InferQueue, Tensor } from '@hubvino/runtime';
import { readManifest, versionDirectory } from '@hubvino/runtime/artifact';
import { RemoteModel, startKServeModelServer } from '@hubvino/runtime/remote';
import { fitAspectRatio } from '@hubvino/runtime/task-support';
import type { PreparedModel } from '../models/prepared-model.js';
import { type LoadTestResult, runLoadTest } from './load-test.js';

/** Options of {@link measureRemoteLoad}. */
export interface RemoteLoadOptions {
  /** Concurrent clients on each side. */
  clients: number;
  durationSeconds: number;
  /** The photo every call sends (decoded once, as ImageClassifier decodes it). */
  image: string;
  /** A folder for the serving folder. */
  workDirectory: string;
}

/** Both sides of the remote load measurement. */
export interface RemoteLoadMeasurement {
  /** The served IR's input and the shape sent. */
  input: { name: string; shape: number[] };
  /** hubvino's KServe client against the kserve ModelServer serving the serve-config output. */
  remote: LoadTestResult;
  /** The same served IR compiled in this process (THROUGHPUT hint), the same clients on an InferQueue. */
  inProcess: LoadTestResult;
  /** The class both sides ranked first for the image (the served model's output index). */
  top1: { remote: number; inProcess: number };
}

/**
 * The remote engine under load: `serve-config` writes the serving folder of the prepared artifact,
 * the kserve ModelServer (serving toolchain) serves it on 127.0.0.1, and `clients` closed-loop
 * clients call `RemoteModel.infer` (KServe v2 REST, binary tensors, keep-alive) with the decoded
 * photo for `durationSeconds`. The reference is the same served IR in-process (InferQueue, the
 * same number of clients). Client and server share this machine's cores.
 */
export async function measureRemoteLoad(
  model: PreparedModel,
  options: RemoteLoadOptions,
): Promise<RemoteLoadMeasurement> {
  const { repository, name, version } = model.artifact;
  const manifest = await readManifest(versionDirectory(repository, name, version));
  const inputSize = manifest.preprocessing?.inputSize ?? { height: 224, width: 224 };
  const decoded = await decodeImage(options.image, { reduceTowards: inputSize });
  const fitted = fitAspectRatio(decoded, inputSize, manifest.preprocessing?.resizeMode ?? 'stretch');
  const shape = [1, fitted.height, fitted.width, 3];
  const serving = await writeServingConfig(repository, { output: join(options.workDirectory, 'serving') });
  const servedInput = serving.models
    .find((entry) => entry.name === name)
    ?.versions.find((entry) => entry.version === version)?.inputs[0];
  if (!servedInput) throw new Error(`serve-config did not serve ${name} version ${version}`);
  const durationMs = options.durationSeconds * 1000;

  const server = await startKServeModelServer({ config: serving.configFile });
  let remote: LoadTestResult;
  let remoteTop1: number;
  try {
    using client = await RemoteModel.connect({
      endpoint: server.endpoint,
      model: name,
      version,
      maxConcurrency: options.clients,
      timeoutMs: 30_000,
    });
    const call = () => client.infer({ [servedInput.name]: { elementType: 'u8', shape, data: fitted.data } });
    remoteTop1 = argmax((await call()).outputs[manifest.outputs[0]?.name ?? '']?.data);
    await runLoadTest({ concurrency: options.clients, durationMs: 1000, call }); // warm-up
    remote = await runLoadTest({ concurrency: options.clients, durationMs, call });
  } finally {
    await server.stop();
  }

  using core = new Core();
  using compiled = await core.compileModel(join(serving.output, name, String(version), 'model.xml'), 'CPU', {
    PERFORMANCE_HINT: 'THROUGHPUT',
  });
  using queue = new InferQueue(compiled);
  const call = async () => {
    using tensor = new Tensor('u8', shape, fitted.data);
    const outputs = await queue.run({ [servedInput.name]: tensor });
    return Object.values(outputs)[0]?.data;
  };
  const inProcessTop1 = argmax(await call());
  await runLoadTest({ concurrency: options.clients, durationMs: 1000, call });
  const inProcess = await runLoadTest({ concurrency: options.clients, durationMs, call });
  return {
    input: { name: servedInput.name, shape },
    remote,
    inProcess,
    top1: { remote: remoteTop1, inProcess: inProcessTop1 },
  };
}

function argmax(values: ArrayLike<number | bigint> | undefined): number {
  let best = -1;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < (values?.length ?? 0); index += 1) {
    const value = Number(values?.[index]);
    if (value > bestValue) {
      bestValue = value;
      best = index;
    }
  }
  return best;
}
