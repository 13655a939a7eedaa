import { availableParallelism } from 'node:os';
import { runBenchmarkApp } from '../benchmark-app/run-benchmark-app.js';
import { measureHubvinoLatency } from '../hubvino/measure-latency.js';
import { measureHubvinoThroughput, optimalThroughputRequests } from '../hubvino/measure-throughput.js';
import { benchmarkAppShape, type PreparedModel } from '../models/prepared-model.js';
import { measurePythonTensorflow, type TensorflowMeasurement } from '../python-reference/tensorflow-python.js';
import { compare, targets } from '../statistics/comparison.js';
import { measureTfjsNode } from '../tensorflow/measure-tfjs-node.js';
import { attempt, type BenchContext, detailsOf } from './bench-context.js';

/**
 * Inference on one model: hubvino vs benchmark_app (latency: LATENCY hint, 1 request; throughput:
 * THROUGHPUT hint, the plugin's optimal number of requests for both) and vs TensorFlow on the
 * model's source.
 */
export async function runInferenceSection(context: BenchContext, model: PreparedModel): Promise<void> {
  const { durationSeconds, device } = context.options;
  const subject = model.label;
  const shape = benchmarkAppShape(model);
  const log = context.log;

  log(`inference: ${model.id}: hubvino latency (${durationSeconds} s)`);
  const hubvinoLatency = await attempt(context, 'inference', `${model.id} hubvino latency`, () =>
    measureHubvinoLatency(model, durationSeconds, device),
  );
  log(`inference: ${model.id}: benchmark_app latency (${durationSeconds} s)`);
  const benchmarkLatency = await attempt(context, 'inference', `${model.id} benchmark_app latency`, () =>
    runBenchmarkApp({ model: model.xml, hint: 'latency', requests: 1, durationSeconds, device, shape }),
  );

  const requests =
    (await attempt(context, 'inference', `${model.id} optimal requests`, () =>
      optimalThroughputRequests(model, device),
    )) ?? availableParallelism();
  log(`inference: ${model.id}: hubvino throughput (${requests} requests, ${durationSeconds} s)`);
  const hubvinoThroughput = await attempt(context, 'inference', `${model.id} hubvino throughput`, () =>
    measureHubvinoThroughput(model, durationSeconds, requests, device),
  );
  log(`inference: ${model.id}: benchmark_app throughput (-nireq ${requests}, ${durationSeconds} s)`);
  const benchmarkThroughput = await attempt(context, 'inference', `${model.id} benchmark_app throughput`, () =>
    runBenchmarkApp({ model: model.xml, hint: 'throughput', requests, durationSeconds, device, shape }),
  );

  const tensorflowRuns: TensorflowMeasurement[] = [];
  if ('savedModel' in model.source) {
    const savedModel = model.source.savedModel;
    log(`inference: ${model.id}: TensorFlow through tfjs-node (${durationSeconds} s)`);
    const tfjs = await attempt(context, 'inference', `${model.id} tfjs-node`, () =>
      measureTfjsNode(savedModel, durationSeconds),
    );
    if (tfjs) tensorflowRuns.push(tfjs);
  }
  log(`inference: ${model.id}: Python TensorFlow (${durationSeconds} s latency + ${durationSeconds} s throughput)`);
  const python = await attempt(context, 'inference', `${model.id} Python TensorFlow`, () =>
    measurePythonTensorflow(model.source, durationSeconds, requests),
  );
  if (python) tensorflowRuns.push(python);
  for (const run of tensorflowRuns) {
    if (!context.tensorflowRuntimes.includes(run.runtime)) context.tensorflowRuntimes.push(run.runtime);
  }

  const latencyMetric = 'latency, median (LATENCY hint, 1 request, sync)';
  const throughputMetric = `throughput (THROUGHPUT hint, ${requests} requests)`;
  context.rows.push(
    {
      section: 'inference',
      subject,
      metric: latencyMetric,
      unit: 'ms',
      reference: 'benchmark_app',
      comparison: compare(hubvinoLatency?.medianMs, benchmarkLatency?.report.medianLatencyMs, 'lower', targets.latency),
    },
    {
      section: 'inference',
      subject,
      metric: throughputMetric,
      unit: 'inferences/s',
      reference: 'benchmark_app',
      comparison: compare(
        hubvinoThroughput?.perSecond,
        benchmarkThroughput?.report.throughput,
        'higher',
        targets.throughput,
      ),
    },
    ...tensorflowRuns.flatMap((tensorflow) => [
      {
        section: 'inference' as const,
        subject,
        metric: latencyMetric,
        unit: 'ms',
        reference: tensorflow.runtime,
        comparison: compare(hubvinoLatency?.medianMs, tensorflow.latencyMedianMs, 'lower'),
      },
      {
        section: 'inference' as const,
        subject,
        metric: `${throughputMetric}; TensorFlow with ${tensorflow.throughputRequests} caller(s)`,
        unit: 'inferences/s',
        reference: tensorflow.runtime,
        comparison: compare(
          hubvinoThroughput?.perSecond,
          tensorflow.throughputPerSecond,
          'higher',
          targets.tensorflowThroughput,
        ),
      },
    ]),
  );
  const precision = benchmarkLatency?.report.inferencePrecision;
  if (precision) {
    context.notes.push(
      `${model.id}: the CPU plugin ran with INFERENCE_PRECISION_HINT ${precision} (its default on this CPU; same for hubvino and benchmark_app).`,
    );
  }
  const models = detailsOf(context, 'inference');
  models[model.id] = {
    ir: { xml: model.xml, madeBy: model.madeBy, inputShape: model.inputShape, reshapedFromDynamic: model.reshaped },
    hubvinoLatency,
    benchmarkAppLatency: benchmarkLatency,
    hubvinoThroughput,
    benchmarkAppThroughput: benchmarkThroughput,
    tensorflow: tensorflowRuns,
  };
}
