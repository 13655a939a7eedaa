import { availableParallelism } from 'node:os';
import { type BenchmarkAppRun, runBenchmarkApp } from '../benchmark-app/run-benchmark-app.js';
import { type LatencyRound, openLatencySession } from '../hubvino/measure-latency.js';
import { openThroughputSession, type ThroughputRound } from '../hubvino/measure-throughput.js';
import { benchmarkAppShape, type PreparedModel } from '../models/prepared-model.js';
import { measurePythonTensorflow, type TensorflowMeasurement } from '../python-reference/tensorflow-python.js';
import { compare, targets } from '../statistics/comparison.js';
import { median } from '../statistics/summarize.js';
import { measureTfjsNode } from '../tensorflow/measure-tfjs-node.js';
import { attempt, type BenchContext, detailsOf } from './bench-context.js';

/**
 * Inference on one model: hubvino vs benchmark_app (latency: LATENCY hint, 1 request; throughput:
 * THROUGHPUT hint, each side's default number of requests — hubvino's InferQueue twice the plugin's
 * optimal number, benchmark_app the optimal number — and both at hubvino's number) and vs TensorFlow
 * on the model's source.
 */
export async function runInferenceSection(context: BenchContext, model: PreparedModel): Promise<void> {
  const { durationSeconds, device } = context.options;
  const subject = model.label;
  const shape = benchmarkAppShape(model);
  const log = context.log;

  const rounds = context.options.rounds;
  const hubvinoLatencyRounds: LatencyRound[] = [];
  const benchmarkLatencyRuns: BenchmarkAppRun[] = [];
  const hubvinoThroughputRounds: ThroughputRound[] = [];
  const benchmarkThroughputRuns: BenchmarkAppRun[] = [];

  // Latency: hubvino and benchmark_app alternate in rounds so that a change of load on a shared
  // machine hits both sides alike; the result is the median of the round medians.
  {
    using latency = await attempt(context, 'inference', `${model.id} hubvino latency compile`, () =>
      openLatencySession(model, device),
    );
    for (let round = 1; round <= rounds; round += 1) {
      log(
        `inference: ${model.id}: latency round ${round}/${rounds}: hubvino then benchmark_app, ${durationSeconds} s each`,
      );
      if (latency) {
        const result = await attempt(context, 'inference', `${model.id} hubvino latency`, async () =>
          latency.round(durationSeconds),
        );
        if (result) hubvinoLatencyRounds.push(result);
      }
      const run = await attempt(context, 'inference', `${model.id} benchmark_app latency`, () =>
        runBenchmarkApp({ model: model.xml, hint: 'latency', requests: 1, durationSeconds, device, shape }),
      );
      if (run) benchmarkLatencyRuns.push(run);
    }
  }

  // hubvino's InferQueue at its default size (two requests per optimal one) against benchmark_app at
  // its default -nireq (the optimal number), and benchmark_app at hubvino's size too.
  let requests = availableParallelism();
  let optimalRequests = requests;
  const benchmarkSameRequestsRuns: BenchmarkAppRun[] = [];
  {
    using throughput = await attempt(context, 'inference', `${model.id} hubvino throughput compile`, () =>
      openThroughputSession(model, undefined, device),
    );
    if (throughput) {
      requests = throughput.requests;
      optimalRequests = throughput.optimalRequests;
    }
    for (let round = 1; round <= rounds; round += 1) {
      log(
        `inference: ${model.id}: throughput round ${round}/${rounds}: hubvino InferQueue (${requests} requests), benchmark_app -nireq ${optimalRequests}${requests === optimalRequests ? '' : ` and ${requests}`}, ${durationSeconds} s each`,
      );
      if (throughput) {
        const result = await attempt(context, 'inference', `${model.id} hubvino throughput`, () =>
          throughput.round(durationSeconds),
        );
        if (result) hubvinoThroughputRounds.push(result);
      }
      const run = await attempt(context, 'inference', `${model.id} benchmark_app throughput`, () =>
        runBenchmarkApp({
          model: model.xml,
          hint: 'throughput',
          requests: optimalRequests,
          durationSeconds,
          device,
          shape,
        }),
      );
      if (run) benchmarkThroughputRuns.push(run);
      if (requests !== optimalRequests) {
        const same = await attempt(
          context,
          'inference',
          `${model.id} benchmark_app throughput, ${requests} requests`,
          () => runBenchmarkApp({ model: model.xml, hint: 'throughput', requests, durationSeconds, device, shape }),
        );
        if (same) benchmarkSameRequestsRuns.push(same);
      }
    }
  }
  const hubvinoLatencyMs = medianOrUndefined(hubvinoLatencyRounds.map((round) => round.medianMs));
  const benchmarkLatencyMs = medianOrUndefined(benchmarkLatencyRuns.map((run) => run.report.medianLatencyMs));
  const hubvinoPerSecond = medianOrUndefined(hubvinoThroughputRounds.map((round) => round.perSecond));
  const benchmarkPerSecond = medianOrUndefined(benchmarkThroughputRuns.map((run) => run.report.throughput));
  const benchmarkSameRequestsPerSecond = medianOrUndefined(
    benchmarkSameRequestsRuns.map((run) => run.report.throughput),
  );
  const tensorflowSeconds = durationSeconds * Math.max(1, Math.ceil(rounds / 2));

  const tensorflowRuns: TensorflowMeasurement[] = [];
  if ('savedModel' in model.source) {
    const savedModel = model.source.savedModel;
    log(`inference: ${model.id}: TensorFlow through tfjs-node (${tensorflowSeconds} s)`);
    const tfjs = await attempt(context, 'inference', `${model.id} tfjs-node`, () =>
      measureTfjsNode(savedModel, tensorflowSeconds),
    );
    if (tfjs) tensorflowRuns.push(tfjs);
  }
  log(`inference: ${model.id}: Python TensorFlow (${tensorflowSeconds} s latency + ${tensorflowSeconds} s throughput)`);
  const python = await attempt(context, 'inference', `${model.id} Python TensorFlow`, () =>
    measurePythonTensorflow(model.source, tensorflowSeconds, optimalRequests),
  );
  if (python) tensorflowRuns.push(python);
  for (const run of tensorflowRuns) {
    if (!context.tensorflowRuntimes.includes(run.runtime)) context.tensorflowRuntimes.push(run.runtime);
  }

  const latencyMetric = 'latency, median (LATENCY hint, 1 request, sync)';
  const throughputMetric =
    requests === optimalRequests
      ? `throughput (THROUGHPUT hint, ${requests} requests)`
      : `throughput (THROUGHPUT hint; hubvino's InferQueue default ${requests} requests, benchmark_app's default -nireq ${optimalRequests})`;
  context.rows.push(
    {
      section: 'inference',
      subject,
      metric: latencyMetric,
      unit: 'ms',
      reference: 'benchmark_app',
      comparison: compare(hubvinoLatencyMs, benchmarkLatencyMs, 'lower', targets.latency),
    },
    {
      section: 'inference',
      subject,
      metric: throughputMetric,
      unit: 'inferences/s',
      reference: 'benchmark_app',
      comparison: compare(hubvinoPerSecond, benchmarkPerSecond, 'higher', targets.throughput),
    },
    ...(requests === optimalRequests
      ? []
      : [
          {
            section: 'inference' as const,
            subject,
            metric: `throughput (THROUGHPUT hint, ${requests} requests on both sides)`,
            unit: 'inferences/s',
            reference: `benchmark_app -nireq ${requests}`,
            comparison: compare(hubvinoPerSecond, benchmarkSameRequestsPerSecond, 'higher'),
          },
        ]),
    ...tensorflowRuns.flatMap((tensorflow) => [
      {
        section: 'inference' as const,
        subject,
        metric: latencyMetric,
        unit: 'ms',
        reference: tensorflow.runtime,
        comparison: compare(hubvinoLatencyMs, tensorflow.latencyMedianMs, 'lower'),
      },
      {
        section: 'inference' as const,
        subject,
        metric: `${throughputMetric}; TensorFlow with ${tensorflow.throughputRequests} caller(s)`,
        unit: 'inferences/s',
        reference: tensorflow.runtime,
        comparison: compare(hubvinoPerSecond, tensorflow.throughputPerSecond, 'higher', targets.tensorflowThroughput),
      },
    ]),
  );
  const precision = benchmarkLatencyRuns[0]?.report.inferencePrecision;
  if (precision) {
    context.notes.push(
      `${model.id}: the CPU plugin ran with INFERENCE_PRECISION_HINT ${precision} (its default on this CPU; same for hubvino and benchmark_app).`,
    );
  }
  const models = detailsOf(context, 'inference');
  models[model.id] = {
    ir: { xml: model.xml, madeBy: model.madeBy, inputShape: model.inputShape, reshapedFromDynamic: model.reshaped },
    rounds,
    secondsPerRound: durationSeconds,
    hubvinoLatencyRounds,
    benchmarkAppLatencyRuns: benchmarkLatencyRuns,
    hubvinoThroughputRounds,
    benchmarkAppThroughputRuns: benchmarkThroughputRuns,
    tensorflow: tensorflowRuns,
  };
}

function medianOrUndefined(values: readonly (number | undefined)[]): number | undefined {
  const defined = values.filter((value): value is number => value !== undefined);
  return defined.length > 0 ? median(defined) : undefined;
}
