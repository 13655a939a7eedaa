import { join } from 'node:path';
import { convert, ValidationError } from '@hubvino/converter';
import { Core, readCpuFeatures } from '@hubvino/runtime';
import type { QuantizationRecord } from '@hubvino/runtime/artifact';
import { runBenchmarkApp } from '../benchmark-app/run-benchmark-app.js';
import { type LatencyRound, openLatencySession } from '../hubvino/measure-latency.js';
import { openThroughputSession, type ThroughputRound } from '../hubvino/measure-throughput.js';
import { imageNetLabels, sharedDirectory, sharedImagesDirectory } from '../models/model-sources.js';
import type { PreparedModel } from '../models/prepared-model.js';
import { describeInput } from '../models/read-input-port.js';
import { ensureSavedModelFixture } from '../models/saved-model-fixture.js';
import { compare, type Target } from '../statistics/comparison.js';
import { median } from '../statistics/summarize.js';
import { attempt, type BenchContext, detailsOf } from './bench-context.js';

/** Issue 19's target: INT8 throughput / its FP32 source's (reported against, not asserted). */
export const int8SpeedupTarget: Target = { comparison: '>=', value: 1.6 };

/** The float models quantized: the bench's MobileNetV2 fixture and a trained TF Hub model from ../shared. */
const subjects = [
  {
    id: 'mobilenet-v2-fixture',
    label: 'MobileNetV2 1.0 224 SavedModel fixture (random weights)',
    source: async () => (await ensureSavedModelFixture()).savedModelDirectory,
    // Random weights: which operations cost agreement says nothing, so no accuracy-control run.
    accuracyControl: false,
  },
  {
    id: 'mobilenet-v1-025-float',
    label: 'MobileNetV1 0.25 224 float TF Lite (TF Hub, trained)',
    source: async () =>
      join(sharedDirectory, 'models/mobilenet_v1_025_224/tflite_float/mobilenet_v1_0.25_224_1_default_1.tflite'),
    accuracyControl: true,
  },
];

async function prepared(id: string, label: string, directory: string, source: string): Promise<PreparedModel> {
  const xml = join(directory, 'model.xml');
  return {
    id,
    label,
    xml,
    source: source.endsWith('.tflite') ? { tflite: source } : { savedModel: source },
    ...(await describeInput(xml)),
    artifact: { repository: '', name: id, version: 1 },
    ovcArguments: [],
    madeBy: '@hubvino/converter convert()',
  };
}

function middle(values: number[]): number | undefined {
  return values.length > 0 ? median(values) : undefined;
}

function agreementNote(id: string, record: QuantizationRecord, issueLimit: number): string {
  const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
  return `quantization: ${id}: NNCF ${record.nncfVersion} ${record.preset}, overflow fix ${record.overflowFix} (${record.overflowFixReason}), ${record.fakeQuantizeCount} FakeQuantize, ${(record.durationMs / 1000).toFixed(1)} s for ${record.calibration.samples} calibration samples (${record.calibration.images} images, ${record.calibration.crops} crops); on ${record.heldApart.samples} held-apart samples (${record.heldApart.images} images never used for calibration) vs ${record.reference}: float IR top-1 ${percent(record.float.top1Agreement)}, INT8 top-1 ${percent(record.int8.top1Agreement)} / top-5 ${percent(record.int8.top5Agreement)}: loss ${record.top1AgreementLossPoints.toFixed(1)} pp (${record.top1AgreementLossPoints <= issueLimit ? 'within' : 'OVER'} the ${issueLimit} pp target)${record.confident ? `; on the ${record.confident.samples} samples where the float source's top-1 probability is >= ${record.confident.threshold}: float IR ${percent(record.confident.floatTop1Agreement)}, INT8 ${percent(record.confident.int8Top1Agreement)}` : ''}.`;
}

/**
 * INT8 post-training quantization (`convert({ quantize })`, NNCF) of float models: hubvino's INT8 IR
 * vs hubvino's FP32 IR of the same source (throughput, THROUGHPUT hint; latency, 1 request) and vs
 * benchmark_app on the same INT8 IR, in alternating rounds, with the top-1/top-5 agreement with the
 * float source on held-apart images (the converter measures it; the bench reports it). Both IRs run
 * at the plugin's default inference precision for this CPU (bf16 on AVX512-BF16/AMX CPUs, f32 otherwise).
 */
export async function runQuantizationSection(context: BenchContext): Promise<void> {
  const cpu = readCpuFeatures(new Core());
  const details = detailsOf(context, 'quantization');
  details.cpu = cpu;
  const features = `AVX2 ${cpu.isa.avx2}, AVX-512 ${cpu.isa.avx512}, VNNI ${cpu.isa.vnni}, AMX ${cpu.isa.amx}, BF16 ${cpu.isa.bf16}`;
  context.notes.push(
    `quantization: ${cpu.model}; ${features}; 8-bit dot products ${cpu.int8}; default inference precision ${cpu.isa.bf16 ? 'bf16' : 'f32'}.`,
  );
  const quick = context.options.mode === 'quick';
  const calibrationSamples = quick ? 60 : 300;
  const validationSamples = quick ? 60 : 200;
  const { durationSeconds, device, rounds } = context.options;
  for (const subject of subjects) {
    await attempt(context, 'quantization', subject.id, async () => {
      const source = await subject.source();
      const repository = join(context.workDirectory, 'quantization');
      context.log(`quantization: ${subject.id}: converting the FP32 IR`);
      const float = await convert({
        source,
        name: `${subject.id}-fp32`,
        repository,
        fp16: false,
        labels: imageNetLabels,
        task: 'image-classification',
      });
      context.log(`quantization: ${subject.id}: quantizing to INT8 (${calibrationSamples} calibration samples)`);
      const quantized = await convert({
        source,
        name: `${subject.id}-int8`,
        repository,
        labels: imageNetLabels,
        task: 'image-classification',
        // The bench reports the loss against the issue's 1 pp; the converter's refusal is not what is measured here.
        quantize: {
          precision: 'int8',
          calibration: sharedImagesDirectory,
          calibrationSamples,
          validationSamples,
          maxAgreementLoss: 100,
        },
      });
      const record = quantized.manifest.quantization as QuantizationRecord;
      const fp32Model = await prepared(`${subject.id}-fp32`, `${subject.label} FP32`, float.directory, source);
      const int8Model = await prepared(`${subject.id}-int8`, `${subject.label} INT8`, quantized.directory, source);

      const int8Latency: LatencyRound[] = [];
      const fp32Latency: LatencyRound[] = [];
      const int8Throughput: ThroughputRound[] = [];
      const fp32Throughput: ThroughputRound[] = [];
      // benchmark_app on both IRs: OpenVINO's own INT8/FP32 ratio on this CPU, at the plugin's default
      // precision and with the FP32 IR in f32 (what CPUs without BF16 run it in).
      const benchmark: Record<'int8' | 'fp32' | 'fp32F32', number[]> = { int8: [], fp32: [], fp32F32: [] };
      // Five measurements per round: at most 4 rounds keep the section near 2 minutes per model.
      const sectionRounds = Math.min(rounds, 4);
      {
        using int8 = await openLatencySession(int8Model, device);
        using fp32 = await openLatencySession(fp32Model, device);
        for (let round = 1; round <= sectionRounds; round += 1) {
          context.log(`quantization: ${subject.id}: latency round ${round}/${sectionRounds}: INT8 then FP32`);
          int8Latency.push(int8.round(durationSeconds));
          fp32Latency.push(fp32.round(durationSeconds));
        }
      }
      let requestCounts = '';
      {
        using int8 = await openThroughputSession(int8Model, undefined, device);
        requestCounts = `hubvino ${int8.requests} requests, benchmark_app ${int8.optimalRequests}`;
        using fp32 = await openThroughputSession(fp32Model, int8.requests, device);
        for (let round = 1; round <= sectionRounds; round += 1) {
          context.log(
            `quantization: ${subject.id}: throughput round ${round}/${sectionRounds}: hubvino INT8, FP32; benchmark_app INT8, FP32, FP32 in f32 (${requestCounts})`,
          );
          int8Throughput.push(await int8.round(durationSeconds));
          fp32Throughput.push(await fp32.round(durationSeconds));
          const runs: [keyof typeof benchmark, string, string | undefined][] = [
            ['int8', int8Model.xml, undefined],
            ['fp32', fp32Model.xml, undefined],
            ['fp32F32', fp32Model.xml, 'f32'],
          ];
          for (const [key, model, inferencePrecision] of runs) {
            const run = await attempt(context, 'quantization', `${subject.id} benchmark_app ${key}`, () =>
              runBenchmarkApp({
                model,
                hint: 'throughput',
                requests: int8.optimalRequests, // benchmark_app's default, as in the inference section
                durationSeconds,
                device,
                ...(inferencePrecision ? { inferencePrecision } : {}),
              }),
            );
            if (run?.report.throughput !== undefined) benchmark[key].push(run.report.throughput);
          }
        }
      }
      const int8PerSecond = middle(int8Throughput.map((round) => round.perSecond));
      const fp32PerSecond = middle(fp32Throughput.map((round) => round.perSecond));
      const benchmarkInt8 = middle(benchmark.int8);
      const benchmarkFp32 = middle(benchmark.fp32);
      const benchmarkFp32F32 = middle(benchmark.fp32F32);
      const int8Ms = middle(int8Latency.map((round) => round.medianMs));
      const fp32Ms = middle(fp32Latency.map((round) => round.medianMs));
      const loss = `top-1 agreement loss ${record.top1AgreementLossPoints.toFixed(1)} pp`;
      const subjectLine = `${subject.label}: NNCF INT8 IR (${loss})`;
      const defaultPrecision = cpu.isa.bf16 ? 'bf16' : 'f32';
      context.rows.push(
        {
          section: 'quantization',
          subject: subjectLine,
          metric: 'throughput (THROUGHPUT hint): INT8 vs FP32',
          unit: 'inferences/s',
          reference: 'hubvino, FP32 IR of the same source',
          comparison: compare(int8PerSecond, fp32PerSecond, 'higher', int8SpeedupTarget),
        },
        {
          section: 'quantization',
          subject: subjectLine,
          metric: 'latency, median (LATENCY hint, 1 request): INT8 vs FP32',
          unit: 'ms',
          reference: 'hubvino, FP32 IR of the same source',
          comparison: compare(int8Ms, fp32Ms, 'lower'),
        },
        {
          section: 'quantization',
          subject: subjectLine,
          metric: `throughput (THROUGHPUT hint; ${requestCounts}, each its default), same INT8 IR`,
          unit: 'inferences/s',
          reference: 'benchmark_app',
          comparison: compare(int8PerSecond, benchmarkInt8, 'higher', { comparison: '>=', value: 1 }),
        },
        {
          section: 'quantization',
          subject: `${subject.label}: benchmark_app INT8 IR (OpenVINO's own ratio)`,
          metric: `throughput (THROUGHPUT hint): INT8 vs FP32 at the default ${defaultPrecision}`,
          unit: 'inferences/s',
          reference: `benchmark_app, FP32 IR (${defaultPrecision})`,
          comparison: compare(benchmarkInt8, benchmarkFp32, 'higher', int8SpeedupTarget),
        },
        {
          section: 'quantization',
          subject: `${subject.label}: benchmark_app INT8 IR (OpenVINO's own ratio)`,
          metric: 'throughput (THROUGHPUT hint): INT8 vs FP32 in f32 (CPUs without BF16)',
          unit: 'inferences/s',
          reference: 'benchmark_app, FP32 IR (-infer_precision f32)',
          comparison: compare(benchmarkInt8, benchmarkFp32F32, 'higher', int8SpeedupTarget),
        },
      );
      context.notes.push(agreementNote(subject.id, record, 1));
      const accuracyControl = subject.accuracyControl
        ? await runAccuracyControl(context, subject, source, fp32Model, { calibrationSamples, validationSamples })
        : undefined;
      details[subject.id] = {
        ...(accuracyControl ? { accuracyControl } : {}),
        quantization: record,
        precisionPaths: quantized.manifest.validation?.precisionPaths ?? [],
        throughput: {
          int8: int8PerSecond,
          fp32: fp32PerSecond,
          benchmarkAppInt8: benchmarkInt8,
          benchmarkAppFp32: benchmarkFp32,
          benchmarkAppFp32F32: benchmarkFp32F32,
        },
        latencyMs: { int8: int8Ms, fp32: fp32Ms },
      };
    });
  }
}

/**
 * The issue's 1 pp with NNCF's accuracy control (`quantize.accuracyControl`): the converter puts the
 * operations that cost the most agreement back to float until the loss is within 1 pp, or refuses
 * when none can stay INT8. Published: its throughput against the FP32 IR (alternating rounds) as a row;
 * refused: the converter's reason as a note.
 */
async function runAccuracyControl(
  context: BenchContext,
  subject: (typeof subjects)[number],
  source: string,
  fp32Model: PreparedModel,
  samples: { calibrationSamples: number; validationSamples: number },
): Promise<Record<string, unknown>> {
  const { durationSeconds, device, rounds } = context.options;
  context.log(`quantization: ${subject.id}: quantizing with accuracy control within 1 pp`);
  const started = performance.now();
  let quantized: Awaited<ReturnType<typeof convert>>;
  try {
    quantized = await convert({
      source,
      name: `${subject.id}-int8-accuracy-control`,
      repository: join(context.workDirectory, 'quantization'),
      labels: imageNetLabels,
      task: 'image-classification',
      quantize: {
        precision: 'int8',
        calibration: sharedImagesDirectory,
        ...samples,
        maxAgreementLoss: 1,
        accuracyControl: true,
      },
    });
  } catch (error) {
    if (!ValidationError.isInstance(error)) throw error;
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    context.notes.push(
      `quantization: ${subject.id}: with accuracy control within 1 pp (${samples.validationSamples} control samples cropped from the calibration images): refused after ${seconds} s: ${error.message}`,
    );
    return { refused: error.message, seconds: Number(seconds) };
  }
  const record = quantized.manifest.quantization as QuantizationRecord;
  const control = record.accuracyControl;
  const kept = control
    ? `${control.revertedOperations.length} of ${control.quantizedOperations ?? '?'} quantized operations kept in float`
    : '';
  const model = await prepared(
    `${subject.id}-int8-ac`,
    `${subject.label} INT8 (accuracy control)`,
    quantized.directory,
    source,
  );
  const int8Rounds: number[] = [];
  const fp32Rounds: number[] = [];
  {
    using int8 = await openThroughputSession(model, undefined, device);
    using fp32 = await openThroughputSession(fp32Model, int8.requests, device);
    for (let round = 1; round <= Math.min(rounds, 4); round += 1) {
      int8Rounds.push((await int8.round(durationSeconds)).perSecond);
      fp32Rounds.push((await fp32.round(durationSeconds)).perSecond);
    }
  }
  context.rows.push({
    section: 'quantization',
    subject: `${subject.label}: NNCF INT8 IR with accuracy control (top-1 agreement loss ${record.top1AgreementLossPoints.toFixed(1)} pp; ${kept})`,
    metric: 'throughput (THROUGHPUT hint): INT8 vs FP32',
    unit: 'inferences/s',
    reference: 'hubvino, FP32 IR of the same source',
    comparison: compare(middle(int8Rounds), middle(fp32Rounds), 'higher', int8SpeedupTarget),
  });
  context.notes.push(agreementNote(`${subject.id} (accuracy control)`, record, 1));
  return { quantization: record, throughput: { int8: middle(int8Rounds), fp32: middle(fp32Rounds) } };
}
