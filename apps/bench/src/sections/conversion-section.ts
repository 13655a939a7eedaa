import { join } from 'node:path';
import { runOvc } from '../conversion/run-ovc.js';
import { modelSource } from '../models/prepare-models.js';
import { compare } from '../statistics/comparison.js';
import { median } from '../statistics/summarize.js';
import { attempt, type BenchContext } from './bench-context.js';

/**
 * Conversion: `pnpm convert` wall time (resolve, convert, validate, publish) against bare `ovc` on
 * the same source, median over repetitions. Full runs convert the SavedModel fixture (FP16, the
 * default of both); quick runs the TF Lite model.
 */
export async function runConversionSection(context: BenchContext): Promise<void> {
  const kind = context.options.models.includes('saved-model-fp16')
    ? 'saved-model-fp16'
    : (context.options.models[0] ?? 'tflite-uint8');
  const { path, compressToFp16 } = await modelSource(kind);
  const repetitions = context.options.conversionRepetitions;
  context.log(`conversion: bare ovc on ${kind}, ${repetitions} run(s)`);
  const ovcTimes = await attempt(context, 'conversion', 'bare ovc', async () => {
    const times: number[] = [];
    for (let index = 0; index < repetitions; index += 1) {
      times.push(
        (await runOvc(path, join(context.workDirectory, 'conversion', `ovc-${index}`, 'model.xml'), compressToFp16))
          .wallMs,
      );
    }
    return times;
  });
  const convertTimes: number[] | undefined = undefined;
  context.rows.push({
    section: 'conversion',
    subject: kind,
    metric: 'conversion wall time, median',
    unit: 's',
    reference: 'bare ovc',
    comparison: compare(
      convertTimes ? median(convertTimes) / 1000 : undefined,
      ovcTimes ? median(ovcTimes) / 1000 : undefined,
      'lower',
    ),
  });
  context.details.conversion = { model: kind, ovcMs: ovcTimes, pnpmConvertMs: convertTimes };
}
