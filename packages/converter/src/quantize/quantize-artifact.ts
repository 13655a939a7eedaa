import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArgumentError, type Core, Tensor } from '@hubvino/runtime';
import {
  MODEL_BIN_FILE_NAME,
  MODEL_XML_FILE_NAME,
  type PrecisionPath,
  type QuantizationRecord,
} from '@hubvino/runtime/artifact';
import { cpuClassOf, cpuCompileConfig, SATURATING_INT8_EMULATION, softmax } from '@hubvino/runtime/task-support';
import { locateOpenVino } from '@hubvino/runtime/toolchain';
import type { ArtifactDescription, ConversionPlan } from '../convert.js';
import { throwIfInterrupted } from '../errors/interrupted-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { ConvertProgressEvent } from '../progress-events.js';
import { openVinoFrontendReference } from '../validation/openvino-frontend-reference.js';
import { tensorFlowReference } from '../validation/tensorflow-reference.js';
import { VALIDATION_COMPILE_CONFIG, type ValidationReference } from '../validation/validation-reference.js';
import { type CalibrationImages, collectCalibrationImages } from './calibration-images.js';
import {
  agreementLossPoints,
  type ClassAgreement,
  classAgreement,
  confidentSamples,
  pickRows,
  topClasses,
} from './class-agreement.js';
import { type PreparedSamples, prepareSamples } from './prepare-samples.js';
import { checkQuantizeOptions, nncfOverflowFix, type ResolvedQuantizeOptions } from './quantize-options.js';
import { ensureQuantizeToolchain, runNncfScript } from './run-nncf.js';

/** The float source's top-1 probability from which a sample counts as confident (manifest `quantization.confident`). */
const CONFIDENT_PROBABILITY = 0.5;

function softmaxRows(values: Float32Array, classes: number): Float32Array {
  const result = new Float32Array(values.length);
  for (let row = 0; row < values.length / classes; row += 1) {
    result.set(softmax(values.subarray(row * classes, (row + 1) * classes)), row * classes);
  }
  return result;
}

/** What the quantize stage adds to the artifact. */
export interface QuantizationOutcome {
  record: QuantizationRecord;
  /** The INT8 IR's precision paths for the runtime's per-CPU choice (manifest `validation.precisionPaths`). */
  precisionPaths: PrecisionPath[];
  durationMs: number;
}

/** Checks that the converted model is one quantization applies to: a float image classifier. */
export function checkQuantizable(plan: ConversionPlan, artifact: ArtifactDescription): void {
  if (artifact.task !== 'image-classification' || !artifact.preprocessing) {
    throw new ArgumentError(
      `'quantize' needs an image classifier (its top-1/top-5 agreement decides publication); this model's task is ${artifact.task}.`,
      { argument: 'quantize' },
    );
  }
  const input = artifact.irSignature.inputs[0];
  if (plan.tflite?.quantized || artifact.irSignature.inputs.length !== 1 || input?.elementType !== 'f32') {
    throw new ArgumentError(
      `'quantize' needs a float model with one f32 image input; ${plan.source.handle} is ${plan.tflite?.quantized ? 'already quantized' : `${artifact.irSignature.inputs.length} input(s) of ${input?.elementType}`}.`,
      { argument: 'quantize' },
    );
  }
}

async function writeSamples(directory: string, name: string, samples: PreparedSamples): Promise<string> {
  const file = join(directory, `${name}.bin`);
  await writeFile(file, Buffer.from(samples.data.buffer, samples.data.byteOffset, samples.data.byteLength));
  return file;
}

function imageSet(images: CalibrationImages, part: 'calibration' | 'heldApart', samples: PreparedSamples) {
  return {
    folder: images.folder,
    images: images[part].length,
    samples: samples.count,
    crops: samples.crops,
    sha256: part === 'calibration' ? images.calibrationSha256 : images.heldApartSha256,
  };
}

/** Runs `modelPath` in this process over the samples with the runtime's compile config; returns the first output of each. */
async function runInProcess(
  core: Core,
  modelPath: string,
  config: Record<string, string | number | boolean>,
  samples: PreparedSamples,
): Promise<Float32Array> {
  const compiled = await core.compileModel(modelPath, 'CPU', config);
  const request = compiled.createInferRequest();
  const size = samples.shape.reduce((product, dimension) => product * dimension, 1);
  const outputs: Float32Array[] = [];
  try {
    for (let index = 0; index < samples.count; index += 1) {
      using tensor = new Tensor('f32', samples.shape, samples.data.subarray(index * size, (index + 1) * size));
      const result = request.infer([tensor]);
      outputs.push(Float32Array.from((Object.values(result)[0] as Tensor).data as ArrayLike<number>));
    }
  } finally {
    request.dispose();
    compiled.dispose();
  }
  return concat(outputs);
}

function concat(parts: readonly Float32Array[]): Float32Array {
  const result = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}

/**
 * The float source's classes on the samples: TF Lite's interpreter for `.tflite` sources (one Python
 * process for all samples), else TensorFlow (tfjs-node) or, without it, OpenVINO's frontend reading the source.
 */
async function referenceOutputs(
  plan: ConversionPlan,
  artifact: ArtifactDescription,
  core: Core,
  samples: PreparedSamples,
  file: string,
  directory: string,
  note: (message: string) => void,
): Promise<{ values: Float32Array; description: string }> {
  if (plan.source.format === 'tflite') {
    const python = locateOpenVino().python;
    if (!python) {
      throw new ValidationError(
        "Quantization is validated against TF Lite's interpreter, and the OpenVINO toolchain has no Python venv (HUBVINO_OPENVINO_LIB_DIR); run 'pnpm install'.",
        { code: 'ERR_VALIDATION_REFERENCE' },
      );
    }
    const output = join(directory, 'reference.bin');
    const job = join(directory, 'reference.json');
    await writeFile(
      job,
      JSON.stringify({
        model: plan.source.modelPath,
        samples: file,
        count: samples.count,
        shape: samples.shape,
        output,
      }),
    );
    const answer = await runNncfScript(python, 'litert', job);
    const bytes = await readFile(output);
    return {
      values: new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4),
      description: String(answer.description),
    };
  }
  const context = {
    core,
    source: plan.source,
    inputShapes: plan.validationShapes,
    inputs: artifact.irSignature.inputs,
    outputs: artifact.irSignature.outputs,
    note,
  };
  let reference: ValidationReference | undefined;
  if (plan.options.tensorFlowReference !== false) reference = await tensorFlowReference(context);
  reference ??= await openVinoFrontendReference(context);
  if (!reference) {
    throw new ValidationError(`No reference can run ${plan.source.handle} to validate its quantization.`, {
      code: 'ERR_VALIDATION_REFERENCE',
    });
  }
  try {
    const size = samples.shape.reduce((product, dimension) => product * dimension, 1);
    const outputs: Float32Array[] = [];
    for (let index = 0; index < samples.count; index += 1) {
      using tensor = new Tensor('f32', samples.shape, samples.data.subarray(index * size, (index + 1) * size));
      const [first] = await reference.run([tensor]);
      outputs.push(Float32Array.from(first?.values ?? []));
    }
    return { values: concat(outputs), description: reference.description };
  } finally {
    reference.dispose?.();
  }
}

/**
 * Accuracy control's own samples: `validationSamples` crops of the calibration images (another seed),
 * labelled with the float source's top-1 classes, so that the held-apart images still judge the result.
 */
async function prepareAccuracyControl(
  plan: ConversionPlan,
  artifact: ArtifactDescription,
  core: Core,
  images: CalibrationImages,
  options: ResolvedQuantizeOptions,
  input: { shape: number[]; preprocessing: NonNullable<ArtifactDescription['preprocessing']>; classes: number },
  directory: string,
  note: (message: string) => void,
): Promise<{ file: string; labels: string; count: number }> {
  const samples = await prepareSamples(core, images.calibration, {
    count: options.validationSamples,
    seed: options.seed + 2,
    shape: input.shape,
    preprocessing: input.preprocessing,
    argument: 'quantize.calibration',
  });
  const controlDirectory = join(directory, 'accuracy-control');
  await mkdir(controlDirectory);
  const file = await writeSamples(controlDirectory, 'samples', samples);
  note(`labelling ${samples.count} accuracy-control samples (crops of the calibration images) with the float source`);
  const reference = await referenceOutputs(plan, artifact, core, samples, file, controlDirectory, note);
  const labels = join(controlDirectory, 'labels.bin');
  const top1 = topClasses(reference.values, input.classes);
  await writeFile(labels, Buffer.from(top1.buffer, top1.byteOffset, top1.byteLength));
  return { file, labels, count: samples.count };
}

function metrics(agreement: ClassAgreement, loss: number): Record<string, number> {
  return {
    top1Agreement: agreement.top1Agreement,
    top5Agreement: agreement.top5Agreement,
    top1AgreementLossPoints: loss,
  };
}

/**
 * Stage 4b — quantize (`convert({ quantize })`): INT8 post-training quantization of the validated
 * float IR in `staging` with NNCF, calibrated on images through the artifact's own preprocessing,
 * then validated against the float source on images held apart from calibration (top-1/top-5
 * agreement, as the runtime runs it on this CPU and, emulated, on CPUs without VNNI). Replaces
 * `model.xml`/`model.bin` in `staging` with the INT8 IR.
 *
 * @throws ArgumentError (`quantize.calibration`: missing/empty folder, a non-image file, an undecodable image;
 *   `quantize`: not a float image classifier), ToolchainError (NNCF cannot be installed),
 *   ConversionError `ERR_QUANTIZATION` (NNCF failed), ValidationError `ERR_QUANTIZATION_ACCURACY`
 *   (top-1 agreement loss over `maxAgreementLoss`: nothing is published).
 */
export async function quantizeArtifact(
  plan: ConversionPlan,
  artifact: ArtifactDescription,
  core: Core,
  staging: string,
  emit: (event: ConvertProgressEvent) => void,
): Promise<QuantizationOutcome> {
  const started = performance.now();
  const options: ResolvedQuantizeOptions = checkQuantizeOptions(plan.options.quantize);
  checkQuantizable(plan, artifact);
  const log = (phase: 'provision' | 'calibrate' | 'quantize' | 'validate', message: string) =>
    emit({ type: 'quantize', phase, message });
  const images = await collectCalibrationImages(options.calibration, 'quantize.calibration');
  const toolchain = await ensureQuantizeToolchain((message) => log('provision', message));
  throwIfInterrupted(plan.options.signal);
  const shape = artifact.irSignature.inputs[0]?.shape as number[];
  const preprocessing = artifact.preprocessing as NonNullable<ArtifactDescription['preprocessing']>;
  log(
    'calibrate',
    `preparing ${options.calibrationSamples} calibration samples from ${images.calibration.length} images and ${options.validationSamples} validation samples from ${images.heldApart.length} held-apart images in ${images.folder}`,
  );
  const calibration = await prepareSamples(core, images.calibration, {
    count: options.calibrationSamples,
    seed: options.seed,
    shape,
    preprocessing,
    argument: 'quantize.calibration',
  });
  const validation = await prepareSamples(core, images.heldApart, {
    count: options.validationSamples,
    seed: options.seed + 1,
    shape,
    preprocessing,
    argument: 'quantize.calibration',
  });
  const directory = await mkdtemp(join(tmpdir(), 'hubvino-quantize-'));
  try {
    const calibrationFile = await writeSamples(directory, 'calibration', calibration);
    const validationFile = await writeSamples(directory, 'validation', validation);
    const floatIr = join(staging, MODEL_XML_FILE_NAME);
    const int8Directory = join(directory, 'int8');
    await mkdir(int8Directory);
    const int8Ir = join(int8Directory, MODEL_XML_FILE_NAME);
    const classes = artifact.irSignature.outputs[0]?.shape.at(-1) ?? 1;
    const control = options.accuracyControl
      ? await prepareAccuracyControl(
          plan,
          artifact,
          core,
          images,
          options,
          { shape, preprocessing, classes },
          directory,
          (message) => log('calibrate', message),
        )
      : undefined;
    const overflowFix = nncfOverflowFix(options.overflowFix, plan.cpu.int8);
    const overflowFixReason =
      options.overflowFix === 'auto'
        ? `auto: the converting CPU's 8-bit dot products are ${plan.cpu.int8 === 'exact' ? 'exact (VNNI/AMX): NNCF default' : 'saturating (no VNNI/AMX): overflow fix on every layer'}`
        : `set by the overflowFix option (${options.overflowFix})`;
    const job = join(directory, 'quantize.json');
    await writeFile(
      job,
      JSON.stringify({
        model: floatIr,
        samples: calibrationFile,
        count: calibration.count,
        shape,
        output: int8Ir,
        subsetSize: calibration.count,
        preset: options.preset,
        overflowFix,
        fastBiasCorrection: options.biasCorrection === 'fast',
        ...(control
          ? {
              accuracyControl: {
                samples: control.file,
                count: control.count,
                labels: control.labels,
                maxDrop: options.maxAgreementLoss / 100,
              },
            }
          : {}),
      }),
    );
    log(
      'quantize',
      `NNCF ${toolchain.nncfVersion}: ${options.preset} preset, ${options.biasCorrection} bias correction, overflow fix ${overflowFix}${control ? `, accuracy control within ${options.maxAgreementLoss} pp on ${control.count} samples` : ''}`,
    );
    const answer = await runNncfScript(
      toolchain.python,
      'quantize',
      job,
      plan.options.signal ? { signal: plan.options.signal } : {},
    );
    throwIfInterrupted(plan.options.signal);
    const reverted = Array.isArray(answer.revertedOperations) ? answer.revertedOperations.map(String) : [];
    if (control && Number(answer.fakeQuantizeCount) === 0) {
      const total = typeof answer.quantizedOperations === 'number' ? ` (all ${answer.quantizedOperations})` : '';
      const message = `NNCF's accuracy control had to put every quantized operation${total} back to float to come within ${options.maxAgreementLoss} percentage points of top-1 agreement on its ${control.count} samples, or could not come within it at all: there is no INT8 model of this source within that limit. Nothing was published; raise --max-agreement-loss, or keep the float IR.`;
      throw new ValidationError(message, {
        code: 'ERR_QUANTIZATION_ACCURACY',
        failures: [
          {
            reference: 'NNCF accuracy control',
            output: artifact.irSignature.outputs[0]?.name ?? '0',
            maxAbsDiff: Number.NaN,
            threshold: Number.NaN,
            metrics: [`fakeQuantize 0 after reverting ${reverted.length} operations`],
          },
        ],
      });
    }

    log('validate', `comparing INT8 and float IR classes with the source on ${validation.count} held-apart samples`);
    const reference = await referenceOutputs(plan, artifact, core, validation, validationFile, directory, (message) =>
      log('validate', message),
    );
    // As the runtime runs the artifact on this CPU (its compile config over this CPU's precision
    // decision, u8 kernels on), but in f32 where the plugin would pick bf16 (AVX512-BF16/AMX CPUs): bf16
    // alone moved MobileNetV1 0.25's float IR to 77-83 % top-1 agreement with TF Lite on these crops,
    // which would hide what quantization costs (why validation compiles in f32: VALIDATION_COMPILE_CONFIG).
    const measured = { ...artifact.compileConfig, ...VALIDATION_COMPILE_CONFIG };
    const floatConfig = cpuCompileConfig(plan.cpu, { config: measured, lowPrecision: 'on' }, 'float IR').config;
    const floatOutputs = await runInProcess(core, floatIr, floatConfig, validation);
    const floatAgreement = classAgreement(floatOutputs, reference.values, classes);
    const nativeConfig = cpuCompileConfig(plan.cpu, { config: measured, lowPrecision: 'on' }, 'INT8 IR').config;
    const int8Outputs = await runInProcess(core, int8Ir, nativeConfig, validation);
    const nativeAgreement = classAgreement(int8Outputs, reference.values, classes);
    const nativeLoss = agreementLossPoints(floatAgreement, nativeAgreement);
    // Where the float source has decided (top-1 probability >= 0.5): logits are turned into probabilities first.
    const probabilities =
      artifact.postprocessing?.activation === 'softmax' ? softmaxRows(reference.values, classes) : reference.values;
    const confident = confidentSamples(probabilities, classes, CONFIDENT_PROBABILITY);
    const confidentRecord = {
      threshold: CONFIDENT_PROBABILITY,
      samples: confident.length,
      floatTop1Agreement: classAgreement(
        pickRows(floatOutputs, classes, confident),
        pickRows(reference.values, classes, confident),
        classes,
      ).top1Agreement,
      int8Top1Agreement: classAgreement(
        pickRows(int8Outputs, classes, confident),
        pickRows(reference.values, classes, confident),
        classes,
      ).top1Agreement,
    };
    const precisionPaths: PrecisionPath[] = [
      {
        cpuClass: cpuClassOf(plan.cpu),
        lowPrecision: 'on',
        config: Object.fromEntries(Object.entries(nativeConfig).map(([key, value]) => [key, String(value)])),
        measuredOn: 'native',
        metrics: metrics(nativeAgreement, nativeLoss),
        passed: nativeLoss <= options.maxAgreementLoss,
      },
    ];
    if (plan.cpu.int8 === 'exact' && (plan.options.emulateSaturatingInt8 ?? true)) {
      // CPUs without VNNI: u8 dot products saturate. The runtime's emulation (ONEDNN_MAX_CPU_ISA=AVX2, f32).
      const output = join(directory, 'saturating.bin');
      const config = { ...artifact.compileConfig, ...SATURATING_INT8_EMULATION.config };
      const evaluateJob = join(directory, 'evaluate.json');
      await writeFile(
        evaluateJob,
        JSON.stringify({ model: int8Ir, samples: validationFile, count: validation.count, shape, config, output }),
      );
      await runNncfScript(toolchain.python, 'evaluate', evaluateJob, {
        environment: { ...SATURATING_INT8_EMULATION.environment },
      });
      const bytes = await readFile(output);
      const saturating = classAgreement(
        new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4),
        reference.values,
        classes,
      );
      const loss = agreementLossPoints(floatAgreement, saturating);
      precisionPaths.push({
        cpuClass: 'int8-saturating',
        lowPrecision: 'on',
        config,
        measuredOn: SATURATING_INT8_EMULATION.description,
        metrics: metrics(saturating, loss),
        passed: loss <= options.maxAgreementLoss,
      });
    }
    const record: QuantizationRecord = {
      tool: 'nncf',
      nncfVersion: String(answer.nncf),
      precision: 'int8',
      preset: options.preset,
      biasCorrection: options.biasCorrection,
      overflowFix,
      overflowFixReason,
      durationMs: Math.round(Number(answer.durationMs)),
      fakeQuantizeCount: Number(answer.fakeQuantizeCount),
      calibration: imageSet(images, 'calibration', calibration),
      heldApart: imageSet(images, 'heldApart', validation),
      reference: reference.description,
      float: floatAgreement,
      int8: nativeAgreement,
      confident: confidentRecord,
      top1AgreementLossPoints: nativeLoss,
      maxAgreementLossPoints: options.maxAgreementLoss,
      ...(control
        ? {
            accuracyControl: {
              samples: control.count,
              ...(typeof answer.quantizedOperations === 'number'
                ? { quantizedOperations: answer.quantizedOperations }
                : {}),
              revertedOperations: reverted,
            },
          }
        : {}),
    };
    if (nativeLoss > options.maxAgreementLoss) {
      throw new ValidationError(
        `The INT8 IR loses ${nativeLoss.toFixed(2)} percentage points of top-1 agreement with the float source on ${validation.count} held-apart samples (float IR ${(floatAgreement.top1Agreement * 100).toFixed(1)}%, INT8 ${(nativeAgreement.top1Agreement * 100).toFixed(1)}%), over the limit of ${options.maxAgreementLoss} (--max-agreement-loss). Nothing was published; try more or more typical calibration images, --quantize-preset mixed, or a higher limit.`,
        {
          code: 'ERR_QUANTIZATION_ACCURACY',
          failures: [
            {
              reference: reference.description,
              output: artifact.irSignature.outputs[0]?.name ?? '0',
              maxAbsDiff: Number.NaN,
              threshold: Number.NaN,
              metrics: [
                `top1AgreementLossPoints ${nativeLoss.toFixed(2)} > ${options.maxAgreementLoss} (INT8 top-1 agreement ${nativeAgreement.top1Agreement.toFixed(3)}, float IR ${floatAgreement.top1Agreement.toFixed(3)})`,
              ],
            },
          ],
        },
      );
    }
    await rename(int8Ir, floatIr);
    await rename(join(int8Directory, MODEL_BIN_FILE_NAME), join(staging, MODEL_BIN_FILE_NAME));
    log(
      'validate',
      `INT8 top-1 agreement ${(nativeAgreement.top1Agreement * 100).toFixed(1)}% (float IR ${(floatAgreement.top1Agreement * 100).toFixed(1)}%), top-5 ${(nativeAgreement.top5Agreement * 100).toFixed(1)}%: loss ${nativeLoss.toFixed(2)} pp${control ? `; ${reverted.length} operation(s) kept in float by accuracy control` : ''}`,
    );
    return { record, precisionPaths, durationMs: performance.now() - started };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
