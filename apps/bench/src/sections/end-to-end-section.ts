import { rm } from 'node:fs/promises';
import { locateDevToolchain } from '@hubvino/runtime/toolchain';
import { classifyFolderWithHubvino } from '../hubvino/classify-folder.js';
import { listSourcePhotos, makeImageSet } from '../images/make-image-set.js';
import { sharedImagesDirectory } from '../models/model-sources.js';
import { measurePythonClassify } from '../python-reference/openvino-python-classify.js';
import { compare, targets } from '../statistics/comparison.js';
import { median } from '../statistics/summarize.js';
import { attempt, type BenchContext } from './bench-context.js';

/**
 * End to end: classify the same set of JPEGs (decode, resize, infer, top 5) with hubvino's
 * ImageClassifier and with the notebook's Python path (Pillow + openvino Python API); images/s,
 * median over repetitions, warm-up excluded. Uses the run's first model.
 */
export async function runEndToEndSection(context: BenchContext): Promise<void> {
  const model = context.models[0]!;
  const { images: count, endToEndRepetitions: repetitions } = context.options;
  context.log(`end to end: making ${count} JPEGs with sharp`);
  const imageSet = await makeImageSet(await listSourcePhotos(sharedImagesDirectory), count);
  try {
    context.log(`end to end: hubvino ImageClassifier, ${repetitions} pass(es) over ${count} images`);
    const hubvino = await attempt(context, 'end-to-end', 'hubvino ImageClassifier', () =>
      classifyFolderWithHubvino(context, model, imageSet.files, repetitions),
    );
    context.log(`end to end: Python (Pillow + openvino), ${repetitions} pass(es) over ${count} images`);
    const python = await attempt(context, 'end-to-end', 'Python openvino + Pillow', () =>
      measurePythonClassify({
        python: locateDevToolchain().python,
        model: model.xml,
        imagesFolder: imageSet.folder,
        repetitions,
        hint: 'LATENCY',
        ...(model.reshaped ? { staticShape: model.inputShape } : {}),
      }),
    );
    let agreement: number | undefined;
    if (hubvino && python) {
      const names = Object.keys(python.top1);
      agreement = names.filter((name) => hubvino.top1[name] === python.top1[name]).length / Math.max(1, names.length);
    }
    context.rows.push({
      section: 'end-to-end',
      subject: `${count} JPEGs (varied sizes), ${model.label}`,
      metric: 'classify: decode + resize + infer + top 5, median over passes',
      unit: 'images/s',
      reference: python?.runtime ? `Python ${python.runtime}` : 'Python openvino + Pillow',
      comparison: compare(
        hubvino ? median(hubvino.imagesPerSecond) : undefined,
        python ? median(python.imagesPerSecond) : undefined,
        'higher',
        targets.endToEnd,
      ),
    });
    if (agreement !== undefined) {
      context.notes.push(
        `end to end: hubvino and the Python path agree on the top-1 class for ${(agreement * 100).toFixed(0)}% of the ${count} images (resize filters differ: ${hubvino?.resize ?? 'hubvino'} vs Pillow's default bicubic).`,
      );
    }
    context.details.endToEnd = { model: model.id, hubvino, python, top1Agreement: agreement };
  } finally {
    await rm(imageSet.folder, { recursive: true, force: true });
  }
}
