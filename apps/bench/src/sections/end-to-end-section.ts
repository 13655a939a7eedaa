import { rm } from 'node:fs/promises';
import { Core, readCpuFeatures } from '@hubvino/runtime';
import { isaLimitKeepsBf16 } from '@hubvino/runtime/task-support';
import { buildOpenVinoExtras, locateDevToolchain } from '@hubvino/runtime/toolchain';
import { classifyFolderWithHubvino, type HubvinoClassifyMeasurement } from '../hubvino/classify-folder.js';
import { listSourcePhotos, makeImageSet } from '../images/make-image-set.js';
import { sharedImagesDirectory } from '../models/model-sources.js';
import { measurePythonClassify, type PythonClassifyMeasurement } from '../python-reference/openvino-python-classify.js';
import { compare, targets } from '../statistics/comparison.js';
import { median } from '../statistics/summarize.js';
import { attempt, type BenchContext } from './bench-context.js';

/**
 * End to end: classify the same set of JPEGs (decode, resize, infer, top 5) with hubvino's
 * ImageClassifier and with the notebook's Python path (Pillow + openvino Python API); images/s,
 * median over alternating rounds (one pass per side each), warm-up excluded. Uses the run's first model.
 */
export async function runEndToEndSection(context: BenchContext): Promise<void> {
  const model = context.models[0]!;
  const { images: count, endToEndRepetitions: repetitions } = context.options;
  // hubvino's JPEG decoder of choice lives in the optional native helper (an explicit build step for
  // users); without libjpeg's headers it is built without it and every image goes through sharp.
  const helper = await attempt(context, 'end-to-end', 'building the native helper', async () => buildOpenVinoExtras());
  const nativeJpeg = helper?.jpeg === true;
  // Under ONEDNN_MAX_CPU_ISA emulating a CPU without bf16, OpenVINO still sees bf16 and its default
  // bf16 graph fails to compile; hubvino's runtime then asks for f32 as that CPU would run, and the
  // Python side is given the same.
  const core = new Core();
  const cpu = readCpuFeatures(core);
  core.dispose();
  const emulatedWithoutBf16 = cpu.isaLimit !== undefined && cpu.isa.bf16 && !isaLimitKeepsBf16(cpu.isaLimit);
  if (emulatedWithoutBf16) {
    context.notes.push(
      `end to end: ONEDNN_MAX_CPU_ISA=${cpu.isaLimit} emulates a CPU without bf16: both sides infer in f32 with oneDNN kernels up to that ISA (not that CPU's memory system or clock).`,
    );
  }
  if (!nativeJpeg) {
    context.notes.push(
      "end to end: the native helper's JPEG decoder is not available (no helper, or no libjpeg headers when it was built): hubvino decoded every image with sharp.",
    );
  }
  context.log(`end to end: making ${count} JPEGs with sharp`);
  const imageSet = await makeImageSet(await listSourcePhotos(sharedImagesDirectory), count);
  try {
    const hubvino: Partial<Record<'sequential' | 'batch' | 'sequential-sharp', HubvinoClassifyMeasurement>> = {};
    let python: PythonClassifyMeasurement | undefined;
    let failed = false;
    // One pass per side and round, the order reversed every other round, so that a change of load
    // on the shared machine hits hubvino and Python alike (as the inference section's rounds do).
    for (let round = 0; round < repetitions && !failed; round += 1) {
      const sides = nativeJpeg
        ? (['sequential', 'batch', 'python', 'sequential-sharp'] as const)
        : (['sequential', 'batch', 'python'] as const);
      for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
        if (side === 'python') {
          context.log(`end to end: round ${round + 1}/${repetitions}: Python (Pillow + openvino)`);
          const pass = await attempt(context, 'end-to-end', 'Python openvino + Pillow', () =>
            measurePythonClassify({
              python: locateDevToolchain().python,
              model: model.xml,
              imagesFolder: imageSet.folder,
              repetitions: 1,
              hint: 'LATENCY',
              ...(model.reshaped ? { staticShape: model.inputShape } : {}),
              ...(emulatedWithoutBf16 ? { inferencePrecision: 'f32' } : {}),
            }),
          );
          if (pass === undefined) failed = true;
          else
            python = python ? { ...pass, imagesPerSecond: [...python.imagesPerSecond, ...pass.imagesPerSecond] } : pass;
        } else {
          context.log(
            `end to end: round ${round + 1}/${repetitions}: hubvino ImageClassifier (${side}), ${count} images`,
          );
          const pass = await attempt(context, 'end-to-end', `hubvino ImageClassifier ${side}`, () =>
            side === 'sequential-sharp'
              ? classifyFolderWithHubvino(model, imageSet.files, 1, 'sequential', 'sharp')
              : classifyFolderWithHubvino(model, imageSet.files, 1, side),
          );
          const previous = hubvino[side];
          if (pass === undefined) failed = true;
          else
            hubvino[side] = previous
              ? { ...pass, imagesPerSecond: [...previous.imagesPerSecond, ...pass.imagesPerSecond] }
              : pass;
        }
      }
    }
    const reference = python?.runtime
      ? `Python ${python.runtime} (one image at a time, LATENCY)`
      : 'Python openvino + Pillow';
    const pythonRate = python ? median(python.imagesPerSecond) : undefined;
    const subject = `${count} JPEGs (varied sizes), ${model.label}`;
    const sequential = hubvino.sequential;
    const batch = hubvino.batch;
    const decodedBy = nativeJpeg ? "libjpeg, hubvino's native helper" : 'sharp';
    context.rows.push(
      {
        section: 'end-to-end',
        subject,
        metric: `classify one at a time (LATENCY hint): decode (${decodedBy}) + resize + infer + top 5`,
        unit: 'images/s',
        reference,
        comparison: compare(
          sequential ? median(sequential.imagesPerSecond) : undefined,
          pythonRate,
          'higher',
          targets.endToEnd,
        ),
      },
      {
        section: 'end-to-end',
        subject,
        metric: `classify(files) (THROUGHPUT hint, ${batch?.requests ?? '?'} requests): decode (${decodedBy}) + resize + infer + top 5`,
        unit: 'images/s',
        reference,
        comparison: compare(
          batch ? median(batch.imagesPerSecond) : undefined,
          pythonRate,
          'higher',
          targets.endToEndBatch,
        ),
      },
    );
    const sharpOnly = hubvino['sequential-sharp'];
    if (sharpOnly) {
      // Where the gain comes from: the same loop with every image through sharp (no target).
      context.rows.push({
        section: 'end-to-end',
        subject,
        metric: 'classify one at a time (LATENCY hint), every image decoded by sharp (HUBVINO_NATIVE_JPEG=0)',
        unit: 'images/s',
        reference,
        comparison: compare(median(sharpOnly.imagesPerSecond), pythonRate, 'higher'),
      });
    }
    if (python && sequential) {
      const names = Object.keys(python.top1);
      const agreement =
        names.filter((name) => sequential.top1[name] === python.top1[name]).length / Math.max(1, names.length);
      context.notes.push(
        `end to end: hubvino and the Python path agree on the top-1 class for ${(agreement * 100).toFixed(0)}% of the ${count} images (resize differs: ${sequential.resize} vs Pillow's default bicubic; the same IR${'savedModel' in model.source ? '; the fixture has random weights, so its top-1 flips easily' : ''}).`,
      );
    }
    context.details.endToEnd = { model: model.id, hubvino, python };
  } finally {
    await rm(imageSet.folder, { recursive: true, force: true });
  }
}
