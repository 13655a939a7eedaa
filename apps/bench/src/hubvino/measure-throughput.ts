import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { HubvinoError, InferQueue } from '@hubvino/runtime';
import type { PreparedModel } from '../models/prepared-model.js';
import { compilePreparedModel } from './compile-prepared-model.js';
import { randomInputTensor } from './input-data.js';

/** One timed round of hubvino's throughput. */
export interface ThroughputRound {
  perSecond: number;
  /** Completed inferences in the round. */
  count: number;
  seconds: number;
}

/** A compiled THROUGHPUT model with an InferQueue, ready to time rounds. */
export interface ThroughputSession extends Disposable {
  /** Requests in the queue (the InferQueue's default unless given). */
  readonly requests: number;
  /** `OPTIMAL_NUMBER_OF_INFER_REQUESTS` of the compiled model. */
  readonly optimalRequests: number;
  /** Keeps every request busy for `durationSeconds`; completed inferences / elapsed seconds. */
  round(durationSeconds: number): Promise<ThroughputRound>;
}

/** What a throughput probe process is started with (`throughput-probe.js '<job JSON>'`). */
export interface ThroughputProbeJob {
  prepared: PreparedModel;
  requests?: number;
  device: string;
}

const probe = join(dirname(fileURLToPath(import.meta.url)), 'throughput-probe.js');

/**
 * {@link openThroughputSessionHere} in a fresh Node process (`throughput-probe.js`), which compiles
 * once and then times a round whenever asked, so that each round runs in a process that has done
 * nothing else, as benchmark_app's do. In the bench's own process, after earlier sections, V8's
 * heap state cost tiny models a few percent (BENCHMARKS.md, findings).
 */
export async function openThroughputSession(
  prepared: PreparedModel,
  requests?: number,
  device = 'CPU',
): Promise<ThroughputSession> {
  const job: ThroughputProbeJob = { prepared, device, ...(requests === undefined ? {} : { requests }) };
  const child = spawn(process.execPath, [probe, JSON.stringify(job)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr.push(chunk);
    if (stderr.length > 50) stderr.shift();
  });
  const waiting: { resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  let ended: Error | undefined;
  const failure = (what: string) =>
    new HubvinoError(`the throughput probe ${what}: ${stderr.join('').trim().split('\n').slice(-4).join('\n')}`, {
      code: 'ERR_BENCH_THROUGHPUT_PROBE',
      category: 'runtime',
    });
  createInterface({ input: child.stdout }).on('line', (line) => waiting.shift()?.resolve(line));
  child.on('error', (error) => {
    ended = error;
    for (const waiter of waiting.splice(0)) waiter.reject(error);
  });
  child.on('close', (code) => {
    ended ??= failure(`exited (code ${code})`);
    for (const waiter of waiting.splice(0)) waiter.reject(ended);
  });
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      if (ended) reject(ended);
      else waiting.push({ resolve, reject });
    });
  const close = () => {
    child.stdin.end();
    setTimeout(() => child.kill('SIGKILL'), 30_000).unref();
  };
  let ready: { requests: number; optimalRequests: number };
  try {
    ready = JSON.parse(await nextLine()) as typeof ready;
  } catch (error) {
    close();
    throw error;
  }
  return {
    requests: ready.requests,
    optimalRequests: ready.optimalRequests,
    async round(durationSeconds: number): Promise<ThroughputRound> {
      const line = nextLine();
      child.stdin.write(`${durationSeconds}\n`);
      return JSON.parse(await line) as ThroughputRound;
    },
    [Symbol.dispose]: close,
  };
}

/**
 * Compiles `prepared` with the THROUGHPUT hint and an InferQueue of `requests` requests (default:
 * the InferQueue's own, twice `OPTIMAL_NUMBER_OF_INFER_REQUESTS`; benchmark_app's default `-nireq`
 * is `optimalRequests`), in this process. One warm-up round over every request runs here.
 */
export async function openThroughputSessionHere(
  prepared: PreparedModel,
  requests?: number,
  device = 'CPU',
): Promise<ThroughputSession> {
  const compiledModel = await compilePreparedModel(prepared, 'THROUGHPUT', device);
  const optimal = Number(compiledModel.compiled.getProperty('OPTIMAL_NUMBER_OF_INFER_REQUESTS'));
  const optimalRequests = Number.isInteger(optimal) && optimal > 0 ? optimal : 1;
  const queue = new InferQueue(compiledModel.compiled, requests);
  const count = queue.size;
  const inputs = Array.from({ length: count }, (_, index) =>
    randomInputTensor(prepared.inputElementType, prepared.inputShape, index + 1),
  );
  await queue.runAll(inputs);
  return {
    requests: count,
    optimalRequests,
    async round(durationSeconds: number): Promise<ThroughputRound> {
      let completed = 0;
      let stopping = false;
      const started = performance.now();
      const deadline = started + durationSeconds * 1000;
      let ended = started;
      // One submitter per request keeps `requests` jobs in flight; each resubmits when its job ends.
      await Promise.all(
        inputs.map(async (input) => {
          while (!stopping) {
            await queue.run(input);
            completed += 1;
            const now = performance.now();
            ended = Math.max(ended, now);
            if (now >= deadline) stopping = true;
          }
        }),
      );
      const seconds = (ended - started) / 1000;
      return { perSecond: completed / seconds, count: completed, seconds };
    },
    [Symbol.dispose]() {
      queue.dispose();
      for (const input of inputs) input.dispose();
      compiledModel[Symbol.dispose]();
    },
  };
}
