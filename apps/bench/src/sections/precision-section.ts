import { join } from 'node:path';
import { convert } from '@hubvino/converter';
import { Core, readCpuFeatures, Tensor } from '@hubvino/runtime';
import type { Manifest } from '@hubvino/runtime/artifact';
import { randomInputData } from '../hubvino/input-data.js';
import { sharedDirectory, tfliteQuantModel } from '../models/model-sources.js';
import { compare } from '../statistics/comparison.js';
import { median } from '../statistics/summarize.js';
import { attempt, type BenchContext, detailsOf } from './bench-context.js';

/** The quantized models whose precision paths are compared. */
const models = [
  {
    id: 'mobilenet-v2-uint8',
    label: 'MobileNetV2 1.0 224 TF Lite uint8 IR',
    source: tfliteQuantModel,
    labels: join(sharedDirectory, 'labels', 'ImageNetLabels.txt'),
  },
  {
    id: 'magenta-prediction',
    label: 'Magenta style prediction int8 TF Lite IR',
    labels: undefined,
    source: join(
      sharedDirectory,
      'models/magenta_arbitrary_image_stylization_v1_256/tflite_int8/magenta_arbitrary-image-stylization-v1-256_int8_prediction_1.tflite',
    ),
  },
];

/** Median latency (sync infer, LATENCY hint) of `xml` compiled with `config`, over rounds alternating with the others. */
async function latencies(xml: string, configs: Record<string, Record<string, string>>, context: BenchContext) {
  const core = new Core();
  const sessions: { name: string; run: () => void; samples: number[]; dispose: () => void }[] = [];
  try {
    for (const [name, config] of Object.entries(configs)) {
      const compiled = await core.compileModel(xml, 'CPU', { PERFORMANCE_HINT: 'LATENCY', ...config });
      const request = compiled.createInferRequest();
      const port = compiled.input(0);
      const shape = [...port.partialShape];
      const size = shape.reduce((product, dimension) => product * dimension, 1);
      const elementType = port.elementType === 'u8' ? 'u8' : 'f32';
      const input = new Tensor(elementType, shape, randomInputData(elementType, size));
      for (let warmup = 0; warmup < 5; warmup += 1) request.infer([input]);
      sessions.push({
        name,
        run: () => request.infer([input]),
        samples: [],
        dispose: () => {
          input.dispose();
          request.dispose();
          compiled.dispose();
        },
      });
    }
    const seconds = Math.max(1, context.options.durationSeconds / 2);
    for (let round = 0; round < context.options.rounds; round += 1) {
      for (const session of sessions) {
        const deadline = performance.now() + seconds * 1000;
        for (;;) {
          const started = performance.now();
          session.run();
          const ended = performance.now();
          session.samples.push(ended - started);
          if (ended >= deadline) break;
        }
      }
    }
    return Object.fromEntries(sessions.map((session) => [session.name, median(session.samples)]));
  } finally {
    for (const session of sessions) session.dispose();
    core.dispose();
  }
}

function pathSummary(manifest: Manifest): string {
  return (manifest.validation?.precisionPaths ?? [])
    .map(
      (path) =>
        `${path.cpuClass} low precision ${path.lowPrecision} (${path.measuredOn}): relative L2 ${path.metrics.relativeL2?.toFixed(3)}, ${path.passed ? 'passes' : 'FAILS'}`,
    )
    .join('; ');
}

/**
 * Both CPU precision paths of quantized models on this CPU: latency with low precision on (u8
 * kernels) vs off (`LP_TRANSFORMS_MODE: NO`), at the artifact's own inference precision, and the
 * accuracy of every path against TF Lite's interpreter as the converter measured it (the saturating
 * path by emulation with ONEDNN_MAX_CPU_ISA=AVX2 on CPUs with VNNI; its speed is not an AVX2 CPU's,
 * so it is not timed).
 */
export async function runPrecisionSection(context: BenchContext): Promise<void> {
  const cpu = readCpuFeatures(new Core());
  const details = detailsOf(context, 'precision');
  details.cpu = cpu;
  context.notes.push(
    `precision: ${cpu.model}; AVX2 ${cpu.isa.avx2}, AVX-512 ${cpu.isa.avx512}, VNNI ${cpu.isa.vnni}, AMX ${cpu.isa.amx}, BF16 ${cpu.isa.bf16}; 8-bit dot products ${cpu.int8}.`,
  );
  for (const model of models) {
    await attempt(context, 'precision', model.id, async () => {
      context.log(`precision: converting ${model.id} (validates every precision path against LiteRT)`);
      const result = await convert({
        source: model.source,
        name: model.id,
        repository: join(context.workDirectory, 'precision'),
        ...(model.labels ? { labels: model.labels } : {}),
      });
      const base = result.manifest.compile?.config ?? {};
      context.log(`precision: ${model.id}: timing low precision on and off`);
      const measured = await latencies(
        join(result.directory, 'model.xml'),
        { on: { ...base }, off: { ...base, LP_TRANSFORMS_MODE: 'NO' } },
        context,
      );
      const precision = base.INFERENCE_PRECISION_HINT ?? `the plugin's default (${cpu.isa.bf16 ? 'bf16' : 'f32'})`;
      context.rows.push({
        section: 'precision',
        subject: `${model.label}, inference precision ${precision}`,
        metric: 'latency, median (LATENCY hint, 1 request): low precision off vs on',
        unit: 'ms',
        reference: 'low precision on (u8 kernels)',
        comparison: compare(measured.off, measured.on, 'lower'),
      });
      context.notes.push(`precision: ${model.id} vs LiteRT: ${pathSummary(result.manifest)}.`);
      details[model.id] = { latencyMs: measured, paths: result.manifest.validation?.precisionPaths ?? [] };
    });
  }
}
