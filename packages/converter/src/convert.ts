import { createHash } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  ArgumentError,
  Core,
  type CpuFeatures,
  type InferencePrecision,
  type LowPrecisionMode,
  type Model,
  readCpuFeatures,
} from '@hubvino/runtime';
import {
  assertModelName,
  LABELS_FILE_NAME,
  listModelVersions,
  MANIFEST_FILE_NAME,
  MANIFEST_SCHEMA_VERSION,
  type Manifest,
  type ManifestPort,
  MODEL_BIN_FILE_NAME,
  MODEL_XML_FILE_NAME,
  type ModelTask,
  manifestSchema,
  taskSchema,
  versionDirectory,
} from '@hubvino/runtime/artifact';
import { checkInferencePrecision, checkLowPrecisionMode } from '@hubvino/runtime/task-support';
import { locateOpenVino, type OpenVinoDistribution } from '@hubvino/runtime/toolchain';
import {
  convertDetectionPostprocess,
  DETECTION_POSTPROCESS_OP,
  type DetectionPostprocessOptions,
  detectionConversionArguments,
} from './conversion/convert-detection-postprocess.js';
import { type InputShapeSpec, parseInputShape, planInputShapes } from './conversion/input-shape.js';
import { type OvcRequest, ovcArguments, runOvc } from './conversion/run-ovc.js';
import { throwIfInterrupted } from './errors/interrupted-error.js';
import type { HeldLock } from './hub/directory-lock.js';
import { isHttpHandle } from './hub/hub-handle.js';
import { type HubSettings, hubSettingsFrom } from './hub/hub-settings.js';
import { type ModelSignature, modelSignature, readSourceModel } from './inspect/model-ports.js';
import { type PlannedLabels, planLabels } from './pipeline/labels.js';
import type { ConvertCallbacks, ConvertProgressEvent, ConvertResult } from './progress-events.js';
import { readLatestManifest } from './publish/read-latest-manifest.js';
import { createStagingDirectory, describeFiles, moveIntoPlace, versionExists } from './publish/repository-files.js';
import { lockModelName, type RepositoryLockOptions } from './publish/repository-lock.js';
import { type QuantizationOutcome, quantizeArtifact } from './quantize/quantize-artifact.js';
import { checkQuantizeOptions, type QuantizeOptions } from './quantize/quantize-options.js';
import { type ResolvedSource, resolveSource } from './source/resolve-source.js';
import {
  type AudioFacts,
  checkTaskFits,
  describeTask,
  onePieceStyleInputs,
  type TaskDescription,
} from './task/infer-task.js';
import { onePieceValidationShapes, planOnePieceShapes, stylizationOf } from './task/style-one-piece-shapes.js';
import { readTfliteModel, type TfliteModel } from './tflite/tflite-model.js';
import { liteRtReference } from './validation/litert-reference.js';
import { DEFAULT_METRIC_LIMITS, type MetricTask } from './validation/metrics.js';
import { openVinoFrontendReference } from './validation/openvino-frontend-reference.js';
import { tensorFlowReference } from './validation/tensorflow-reference.js';
import {
  answerReferences,
  concreteShapes,
  DEFAULT_MAX_ABS_DIFF_FP32,
  DEFAULT_VALIDATION_SEED,
  type InputValueRange,
  type ReferenceAnswers,
  type ValidationOutcome,
  validateConversion,
} from './validation/validate-conversion.js';
import type { ValidationReferenceFactory } from './validation/validation-reference.js';

/**
 * The references `convert` validates against unless `validationReferences` is given: TF Lite's own
 * interpreter (LiteRT) for `.tflite` sources; OpenVINO's frontend reading the source and (unless
 * `tensorFlowReference: false`) TensorFlow through tfjs-node for the others. Each skips itself for
 * formats it does not read.
 */
export function defaultValidationReferences(
  options: { tensorFlowReference?: boolean } = {},
): ValidationReferenceFactory[] {
  const frontendUnlessTflite: ValidationReferenceFactory = (context) =>
    context.source.format === 'tflite' ? Promise.resolve(undefined) : openVinoFrontendReference(context);
  return options.tensorFlowReference === false
    ? [liteRtReference, frontendUnlessTflite]
    : [liteRtReference, frontendUnlessTflite, tensorFlowReference];
}

/** Options of {@link convert}. Only `source` and `name` are required. */
export interface ConvertOptions {
  /** TF Hub / Kaggle handle, URL, local SavedModel folder, .tflite, .pb, .tar.gz or file:// URL. */
  source: string;
  /** Model name: the folder under the repository. */
  name: string;
  /** Model repository (OpenVINO Model Server layout). Default `./models` (relative to the cwd). */
  repository?: string;
  /** Version to publish. Default: the next integer. An existing version is never replaced. */
  version?: number;
  /** `1,224,224,3`, `[1,384,384,3],[1,1,1,100]`, `name[1,224,224,3]`, or parsed specs. */
  inputShape?: string | InputShapeSpec[];
  /** Keep a dynamic batch dimension dynamic (default: set it to 1). */
  keepDynamicBatch?: boolean;
  /** Compress weights to FP16 like ovc's default (default true). */
  fp16?: boolean;
  /**
   * Labels file path or http(s) URL (one label per line), copied to `labels.txt`. Default: the TF
   * Lite metadata's labels, else TF's ImageNetLabels.txt for a 1001-class image classifier.
   */
  labels?: string;
  /** Task; inferred when omitted (an image input and a [*, 1001] output is image classification). */
  task?: ModelTask;
  /**
   * An extra limit on the largest |IR - reference| of raw outputs. By default none: the task's
   * metrics decide ({@link DEFAULT_METRIC_LIMITS}; e.g. for FP32 weights at f32 precision
   * {@link DEFAULT_MAX_ABS_DIFF_FP32} is a sound raw limit).
   */
  maxAbsDiff?: number;
  /** Task metric limits over {@link DEFAULT_METRIC_LIMITS} (e.g. `{ pixelClassMismatch: 0.02 }`). */
  metricLimits?: Record<string, number>;
  /**
   * The artifact's low-precision mode (manifest `compile.lowPrecision`; default `auto`, decided per
   * CPU at load). `on` / `off` force it for every CPU; validation runs what the runtime will run.
   */
  lowPrecision?: LowPrecisionMode;
  /** The artifact's inference precision (manifest `INFERENCE_PRECISION_HINT`); default `auto` (the task's or the plugin's). */
  inferencePrecision?: InferencePrecision;
  /** Also measure CPUs without VNNI/AMX by emulation (`ONEDNN_MAX_CPU_ISA=AVX2`) for quantized models (default true). */
  emulateSaturatingInt8?: boolean;
  /** Publish nothing when the latest version has the same source digest and options. */
  ifChanged?: boolean;
  /**
   * References to validate against; default TF Lite's interpreter for `.tflite` sources, OpenVINO's
   * frontend + TensorFlow for SavedModels ({@link defaultValidationReferences}). When given, used as is.
   */
  validationReferences?: ValidationReferenceFactory[];
  /**
   * Include the TensorFlow reference (tfjs-node) in the default references (default true). It only
   * applies to SavedModel sources and skips itself, with a note, when TensorFlow for Node is not
   * available. `--no-tensorflow-reference` on the CLI.
   */
  tensorFlowReference?: boolean;
  /** Seed of the pseudo-random validation input. */
  validationSeed?: number;
  /** TF Hub fetching and cache settings (default: from the environment). */
  hub?: Partial<HubSettings>;
  /** Manifest `role` in a multi-part task (default: inferred, e.g. `style-prediction`). */
  role?: string;
  /** Manifest `companions`: the other artifacts this one belongs with (see convertStyleTransferPair). */
  companions?: Manifest['companions'];
  /**
   * INT8 post-training quantization with NNCF after the float IR is validated: calibrated on images
   * (a folder, or a count from the default image folder) through the artifact's own preprocessing,
   * validated by top-1/top-5 agreement with the float source on held-apart images, refused over
   * `maxAgreementLoss` percentage points. Image classifiers only; weights stay FP32 before quantizing.
   */
  quantize?: QuantizeOptions;
  /** Waiting for another conversion to the same name: stale take-over and time-out (default from the environment). */
  lock?: Partial<RepositoryLockOptions>;
  /**
   * Stops the conversion: ovc (and its children) are killed, the staging folder and the lock
   * removed, and convert rejects with the signal's reason (an InterruptedError from the CLI).
   */
  signal?: AbortSignal;
}

function checkOptions(options: ConvertOptions): void {
  if (!options || typeof options !== 'object')
    throw new ArgumentError(`'options' must be an object`, { argument: 'options' });
  assertModelName(options.name, 'name');
  if (options.version !== undefined && (!Number.isSafeInteger(options.version) || options.version < 1)) {
    throw new ArgumentError(`'version' must be a positive integer (got ${options.version})`, { argument: 'version' });
  }
  if (options.maxAbsDiff !== undefined && !(Number.isFinite(options.maxAbsDiff) && options.maxAbsDiff >= 0)) {
    throw new ArgumentError(`'maxAbsDiff' must be a non-negative number (got ${options.maxAbsDiff})`, {
      argument: 'maxAbsDiff',
    });
  }
  if (options.task !== undefined && !taskSchema.safeParse(options.task).success) {
    throw new ArgumentError(
      `'task' must be one of ${taskSchema.options.join(', ')} (got ${JSON.stringify(options.task)})`,
      { argument: 'task' },
    );
  }
  if (options.metricLimits !== undefined) {
    const entries =
      typeof options.metricLimits === 'object' && options.metricLimits ? Object.entries(options.metricLimits) : [];
    if (entries.length === 0 || entries.some(([, value]) => !Number.isFinite(value) || value < 0)) {
      throw new ArgumentError(
        `'metricLimits' must map metric names to non-negative numbers, e.g. { pixelClassMismatch: 0.02 }`,
        { argument: 'metricLimits' },
      );
    }
  }
  checkLowPrecisionMode(options.lowPrecision);
  checkInferencePrecision(options.inferencePrecision);
  if (options.quantize !== undefined) checkQuantizeOptions(options.quantize);
}

/** Everything decided before ovc runs: every check that needs no conversion (labels included). */
export interface ConversionPlan {
  options: ConvertOptions;
  repository: string;
  fp16: boolean;
  hub: HubSettings;
  source: ResolvedSource;
  /** Source ports as OpenVINO reads them. */
  sourceSignature: ModelSignature;
  /**
   * The source as OpenVINO's frontend read it (undefined for SSD detectors), kept for the frontend
   * reference so that the source is read once. Owned by the plan: `convert` disposes it at the end
   * (callers of the stages dispose it themselves, or leave it to garbage collection).
   */
  sourceModel: Model | undefined;
  /** Graph facts, metadata and labels of a `.tflite` source. */
  tflite: TfliteModel | undefined;
  /**
   * The source ends in TF Lite's SSD post-processing op (`TFLite_Detection_PostProcess`), which ovc
   * cannot translate: it converts through {@link convertDetectionPostprocess} instead.
   */
  detector: boolean;
  /** Validation input shapes (concrete). */
  validationShapes: number[][];
  ovcInput: string | undefined;
  /** ovc's arguments with placeholders for the paths (recorded in the manifest, compared by --if-changed). */
  portableArguments: string[];
  labels: PlannedLabels | undefined;
  /** The task as far as the source tells (ports, graph, metadata). */
  description: TaskDescription;
  cpu: CpuFeatures;
  openvino: OpenVinoDistribution;
}

function dequantizationOf(outputs: readonly ManifestPort[], tflite: TfliteModel | undefined) {
  return outputs.map((port, index) => {
    if (port.elementType !== 'u8' && port.elementType !== 'i8') return undefined;
    const match = tflite?.outputs.find((tensor) => tensor.name === port.name) ?? tflite?.outputs[index];
    return match?.quantization;
  });
}

function describeFrom(
  plan: Pick<ConversionPlan, 'options' | 'source' | 'tflite'>,
  signature: ModelSignature,
  labelsFile: string | undefined,
  firstOutputValues?: Float64Array,
  detection?: DetectionPostprocessOptions,
): TaskDescription {
  const imageInput = signature.inputs.findIndex((port) => port.shape.length === 4 && port.shape[3] === 3);
  return describeTask(
    plan.options.task,
    {
      format: plan.source.format,
      inputs: signature.inputs,
      outputs: signature.outputs,
      dequantization: dequantizationOf(signature.outputs, plan.tflite),
      firstOutputValues,
      firstOutputProducer: plan.tflite?.outputProducers[0]?.effective,
      inputNormalization: imageInput >= 0 ? plan.tflite?.metadata?.inputs[imageInput]?.normalization : undefined,
      ...(detection ? { detection } : {}),
      inputAudio: audioFacts(plan.tflite),
    },
    labelsFile,
  );
}

/** The TF Lite metadata's audio properties of the first input marked as audio, when there is one. */
function audioFacts(tflite: TfliteModel | undefined): AudioFacts | undefined {
  const audio = tflite?.metadata?.inputs.find((input) => input.content === 'audio');
  return audio ? { sampleRate: audio.sampleRate, channels: audio.channels } : undefined;
}

/**
 * Stage 1 — plan: checks the options, resolves (fetches) the source, reads its ports, graph and
 * metadata, plans input shapes and chooses and checks the labels. Nothing here needs ovc.
 */
export async function planConversion(
  options: ConvertOptions,
  core: Core,
  emit: (event: ConvertProgressEvent) => void,
): Promise<ConversionPlan> {
  checkOptions(options);
  const hub = hubSettingsFrom(options.hub);
  const requestedShapes =
    typeof options.inputShape === 'string' ? parseInputShape(options.inputShape) : options.inputShape;
  emit({ type: 'resolve', source: options.source, origin: isHttpHandle(options.source) ? 'remote' : 'local' });
  const source = await resolveSource(options.source, {
    hub,
    onStart: (url) => emit({ type: 'download', phase: 'start', url }),
    onWait: () => emit({ type: 'download', phase: 'wait', url: options.source }),
    onRetry: (attempt, delayMs, reason) =>
      emit({ type: 'download', phase: 'retry', url: options.source, attempt, delayMs, reason }),
    onProgress: (progress) => emit({ type: 'progress', ...progress }),
  });
  const openvino = locateOpenVino();
  const tflite = source.format === 'tflite' ? await readTfliteModel(source.modelPath) : undefined;
  const detector =
    tflite?.operators.some((operator) => operator.custom && operator.type === DETECTION_POSTPROCESS_OP) ?? false;
  let sourceSignature: ModelSignature;
  let sourceModel: Model | undefined;
  if (detector && tflite) {
    // OpenVINO's frontend cannot read the op; the file itself says what the inputs are.
    sourceSignature = {
      inputs: tflite.inputs.map((tensor) => ({
        name: tensor.name,
        names: [tensor.name],
        shape: tensor.shape,
        elementType: tensor.elementType as ManifestPort['elementType'],
      })),
      outputs: [],
    };
  } else {
    sourceModel = await readSourceModel(core, source.modelPath);
    try {
      sourceSignature = modelSignature(sourceModel);
      checkTaskFits(options.task, sourceSignature.inputs, sourceSignature.outputs);
    } catch (error) {
      sourceModel.dispose();
      throw error;
    }
  }
  try {
    // TF Hub's one-piece Magenta model: the content keeps any size, the style is fixed to 256x256.
    const onePiece =
      (options.task === undefined || options.task === 'style-transfer') && !detector
        ? onePieceStyleInputs(sourceSignature.inputs, sourceSignature.outputs)
        : undefined;
    const shapes =
      onePiece && (requestedShapes === undefined || requestedShapes.length === 0)
        ? planOnePieceShapes(sourceSignature.inputs, onePiece)
        : planInputShapes(sourceSignature.inputs, requestedShapes, options.keepDynamicBatch ?? false);
    const validationShapes = concreteShapes(
      sourceSignature.inputs,
      onePiece ? onePieceValidationShapes(shapes.shapes) : shapes.shapes,
    );
    // NNCF quantizes the FP32 IR (its INT8 weights make FP16 compression moot).
    const fp16 = options.quantize ? false : (options.fp16 ?? true);
    const request: OvcRequest = {
      modelPath: source.modelPath,
      outputDirectory: '',
      compressToFp16: fp16,
      input: shapes.ovcInput,
    };
    const described = describeFrom({ options, source, tflite }, sourceSignature, undefined);
    const perClass =
      described.task === 'image-classification' ||
      described.task === 'image-segmentation' ||
      described.task === 'audio-classification';
    const labels = await planLabels({
      labels: options.labels,
      hub,
      tflite,
      classes: perClass ? sourceSignature.outputs[0]?.shape.at(-1) : undefined,
    });
    return {
      options,
      repository: resolve(options.repository ?? 'models'),
      fp16,
      hub,
      source,
      sourceSignature,
      sourceModel,
      tflite,
      validationShapes,
      ovcInput: shapes.ovcInput,
      detector,
      portableArguments: detector ? detectionConversionArguments(request, true) : ovcArguments(request, true),
      labels,
      description: describeFrom({ options, source, tflite }, sourceSignature, labels ? LABELS_FILE_NAME : undefined),
      cpu: readCpuFeatures(core),
      openvino,
    };
  } catch (error) {
    sourceModel?.dispose();
    throw error;
  }
}

/**
 * Stage 2 — convert: ovc into the staging folder (SSD detectors: the TF Lite frontend plus the
 * post-processing op rebuilt from OpenVINO operations, {@link convertDetectionPostprocess}).
 */
export async function convertWithOvc(
  plan: ConversionPlan,
  staging: string,
  emit: (event: ConvertProgressEvent) => void,
  /** Called once the IR is on disk, possibly before ovc exits (see {@link runOvc}). */
  onWritten?: () => void,
): Promise<ConvertedIr> {
  emit({ type: 'convert', phase: 'start', arguments: plan.portableArguments });
  const request = {
    modelPath: plan.source.modelPath,
    outputDirectory: staging,
    compressToFp16: plan.fp16,
    input: plan.ovcInput,
  };
  const irPath = join(staging, MODEL_XML_FILE_NAME);
  if (plan.detector) {
    const converted = await convertDetectionPostprocess(plan.openvino, request);
    throwIfInterrupted(plan.options.signal);
    emit({ type: 'convert', phase: 'done', durationMs: converted.durationMs });
    return {
      irPath,
      durationMs: converted.durationMs,
      ...(converted.options[0] ? { detection: converted.options[0] } : {}),
    };
  }
  const started = performance.now();
  let writtenMs: number | undefined;
  const ovc = await runOvc(plan.openvino, request, plan.options.signal, () => {
    writtenMs = performance.now() - started;
    emit({ type: 'convert', phase: 'done', durationMs: writtenMs });
    onWritten?.();
  });
  throwIfInterrupted(plan.options.signal);
  if (writtenMs === undefined) emit({ type: 'convert', phase: 'done', durationMs: ovc.durationMs });
  return { irPath, durationMs: writtenMs ?? ovc.durationMs, exitedMs: ovc.durationMs };
}

/** What the convert stage produced. */
export interface ConvertedIr {
  irPath: string;
  /**
   * Until the IR was written: ovc's `[ SUCCESS ]` report (it may then linger for its telemetry,
   * see {@link runOvc}), else until the converting process exited.
   */
  durationMs: number;
  /** Until ovc exited (ovc only). */
  exitedMs?: number;
  /** For SSD detectors: the post-processing op's options, as read from its flexbuffer. */
  detection?: DetectionPostprocessOptions;
}

/** What the artifact is, from the IR's ports: task, pre/post-processing, compile settings. */
export interface ArtifactDescription extends TaskDescription {
  irSignature: ModelSignature;
  dequantization: ({ scale: number; zeroPoint: number } | undefined)[];
  /** The artifact's compile config (manifest `compile.config`). */
  compileConfig: Record<string, string>;
}

/**
 * Stage 3 — describe: the IR's ports and the artifact's task, processing and compile settings.
 * `ir` is the IR's path, or the IR already read (then not read again, and not disposed).
 */
export async function describeArtifact(
  plan: ConversionPlan,
  core: Core,
  ir: string | Model,
  detection?: DetectionPostprocessOptions,
): Promise<ArtifactDescription> {
  const irModel = typeof ir === 'string' ? await core.readModel(ir) : ir;
  const irSignature = modelSignature(irModel);
  if (typeof ir === 'string') irModel.dispose();
  const description = describeFrom(plan, irSignature, plan.labels ? LABELS_FILE_NAME : undefined, undefined, detection);
  return {
    ...description,
    irSignature,
    dequantization: dequantizationOf(irSignature.outputs, plan.tflite),
    compileConfig: artifactCompileConfig(description, plan.options),
  };
}

/** The artifact's `compile.config`: the task's settings, then `inferencePrecision` when not auto. */
function artifactCompileConfig(description: TaskDescription, options: ConvertOptions): Record<string, string> {
  const precision = options.inferencePrecision ?? 'auto';
  return {
    ...description.compileConfig,
    ...(precision === 'auto' ? {} : { INFERENCE_PRECISION_HINT: precision }),
  };
}

function metricTaskOf(task: ModelTask): MetricTask {
  // Audio classifiers score classes per window: YAMNet's [1, 521] scores are compared as classification.
  if (task === 'image-classification' || task === 'audio-classification') return 'classification';
  if (task === 'pose-estimation') return 'keypoints';
  if (task === 'image-segmentation') return 'segmentation';
  if (task === 'object-detection') return 'detection';
  if (task === 'style-transfer') return 'image';
  return 'generic';
}

/**
 * Stage 4 — validate: runs the IR as the runtime will on this CPU (and every precision path of a
 * quantized model) against the source's own framework, on the task's terms.
 */
export async function validateArtifact(
  plan: ConversionPlan,
  artifact: ArtifactDescription,
  core: Core,
  irPath: string,
  emit: (event: ConvertProgressEvent) => void,
  /**
   * `irModel`: the IR already read (borrowed). `answers`: the references' answers computed while ovc
   * ran ({@link answerReferencesEarly}; taken over).
   */
  prepared: { irModel?: Model; answers?: EarlyAnswers } = {},
): Promise<ValidationOutcome> {
  const inputRanges = validationInputRanges(artifact.irSignature.inputs, artifact);
  emit({ type: 'validate', phase: 'start' });
  const task = metricTaskOf(artifact.task);
  const outcome = await validateConversion({
    core,
    irPath,
    source: plan.source,
    inputShapes: plan.validationShapes,
    inputRanges,
    dequantization: artifact.dequantization,
    references: plan.options.validationReferences ?? defaultValidationReferences(plan.options),
    metric: {
      task,
      // The scores a user sees: the activation the runtime applies (known from the graph for TF Lite).
      activation: artifact.postprocessing?.activation ?? 'none',
      ...(plan.options.metricLimits ? { limits: plan.options.metricLimits } : {}),
    },
    maxAbsDiff: plan.options.maxAbsDiff,
    cpu: plan.cpu,
    compileConfig: artifact.compileConfig,
    lowPrecision: plan.options.lowPrecision ?? 'auto',
    quantized: plan.tflite?.quantized ?? false,
    emulateSaturatingInt8: plan.options.emulateSaturatingInt8 ?? true,
    seed: plan.options.validationSeed ?? DEFAULT_VALIDATION_SEED,
    onNote: (message) => emit({ type: 'validate', phase: 'note', message }),
    ...(plan.sourceModel ? { sourceModel: plan.sourceModel } : {}),
    ...(prepared.irModel ? { irModel: prepared.irModel } : {}),
    ...(prepared.answers?.answers ? { answers: prepared.answers.answers } : {}),
  });
  emit({
    type: 'validate',
    phase: 'done',
    references: outcome.record.references.map((reference) => ({
      kind: reference.kind,
      maxAbsDiff: reference.maxAbsDiff,
      ...(reference.top1Agreement === undefined ? {} : { top1Agreement: reference.top1Agreement }),
      passed: reference.passed,
    })),
  });
  return outcome;
}

/** The value range of each input's seeded validation values: [-1, 1] for such images and for waveforms, else the default. */
function validationInputRanges(
  inputs: readonly ManifestPort[],
  description: Pick<TaskDescription, 'preprocessing' | 'audio'>,
): (InputValueRange | undefined)[] {
  return inputs.map((port) =>
    (port.shape.length === 4 && port.shape[3] === 3 && description.preprocessing?.valueRange === 'float-minus1-1') ||
    description.audio !== undefined // waveforms are floats in [-1, 1]
      ? { min: -1, max: 1 }
      : undefined,
  );
}

/** The references' answers computed while ovc ran (their notes are emitted when validation uses them). */
export interface EarlyAnswers {
  /** Undefined when they could not be computed before conversion (they are then computed in validation). */
  answers: ReferenceAnswers | undefined;
}

/**
 * Runs the validation references on the source's own ports before the IR exists: TensorFlow's
 * SavedModel load and run, OpenVINO's frontend compile and LiteRT's process overlap ovc. Validation
 * uses the answers only when the IR's ports, shapes and value ranges turn out the same (ovc keeps
 * the source's names); otherwise it runs the references again on the IR's ports. Never rejects: a
 * failure here leaves `answers` undefined, and validation meets it again and reports it.
 */
export async function answerReferencesEarly(
  plan: ConversionPlan,
  core: Core,
  signal?: AbortSignal,
): Promise<EarlyAnswers> {
  // An SSD detector's outputs only exist once the IR rebuilds its post-processing.
  if (plan.detector) return { answers: undefined };
  try {
    const answers = await answerReferences({
      core,
      source: plan.source,
      ports: plan.sourceSignature,
      inputShapes: plan.validationShapes,
      inputRanges: validationInputRanges(plan.sourceSignature.inputs, plan.description),
      seed: plan.options.validationSeed ?? DEFAULT_VALIDATION_SEED,
      references: plan.options.validationReferences ?? defaultValidationReferences(plan.options),
      sourceModel: plan.sourceModel,
      signal,
    });
    return { answers };
  } catch {
    return { answers: undefined };
  }
}

/** Stage 5 — publish: labels and manifest into the staging folder, then renamed into place. */
export async function publishArtifact(
  plan: ConversionPlan,
  artifact: ArtifactDescription,
  validation: ValidationOutcome,
  staging: string,
  version: number,
  ovcDurationMs: number,
  /** Runs just before the staging folder is renamed into place (the last chance to stop). */
  beforeMove?: () => Promise<void>,
  /** The quantize stage's outcome, when the IR was quantized ({@link quantizeArtifact}). */
  quantization?: QuantizationOutcome,
): Promise<{ manifest: Manifest; directory: string }> {
  const { options, source, openvino } = plan;
  // Sources whose graph does not say (SavedModels): probabilities or logits from the source's own outputs.
  const description =
    artifact.task === 'image-classification' && !plan.tflite
      ? describeFrom(
          plan,
          artifact.irSignature,
          plan.labels ? LABELS_FILE_NAME : undefined,
          validation.referenceOutputs?.[0]?.values ?? validation.irOutputs[0]?.values,
        )
      : artifact;
  const fileNames = [MODEL_XML_FILE_NAME, MODEL_BIN_FILE_NAME];
  if (plan.labels) {
    await writeFile(join(staging, LABELS_FILE_NAME), plan.labels.text);
    fileNames.push(LABELS_FILE_NAME);
  }
  const lowPrecision = options.lowPrecision ?? 'auto';
  const manifest = manifestSchema.parse({
    schema: MANIFEST_SCHEMA_VERSION,
    name: options.name,
    version,
    task: artifact.task,
    ...((options.role ?? artifact.role) ? { role: options.role ?? artifact.role } : {}),
    ...(options.companions ? { companions: options.companions } : {}),
    source: {
      handle: source.handle,
      ...(source.resolvedUrl ? { resolvedUrl: source.resolvedUrl } : {}),
      format: source.format,
      sha256: source.sha256,
    },
    conversion: {
      tool: plan.detector ? `openvino-tflite-frontend+${DETECTION_POSTPROCESS_OP}` : 'ovc',
      openvinoVersion: openvino.version === 'unknown' ? Core.getVersion().buildNumber : openvino.version,
      arguments: plan.portableArguments,
      compressToFp16: plan.fp16,
      durationMs: Math.round(ovcDurationMs),
      ...(quantization ? { quantized: true } : plan.tflite ? { quantized: plan.tflite.quantized } : {}),
    },
    files: await describeFiles(staging, fileNames),
    inputs: artifact.irSignature.inputs,
    outputs: artifact.irSignature.outputs,
    ...(description.preprocessing ? { preprocessing: description.preprocessing } : {}),
    ...stylizationSection(artifact),
    ...(description.postprocessing ? { postprocessing: description.postprocessing } : {}),
    ...(description.audio ? { audio: description.audio } : {}),
    validation: quantization
      ? {
          ...validation.record,
          precisionPaths: [...(validation.record.precisionPaths ?? []), ...quantization.precisionPaths],
        }
      : validation.record,
    ...(quantization ? { quantization: quantization.record } : {}),
    ...(Object.keys(artifact.compileConfig).length > 0 || lowPrecision !== 'auto'
      ? {
          compile: {
            device: 'CPU',
            config: artifact.compileConfig,
            ...(lowPrecision === 'auto' ? {} : { lowPrecision }),
          },
        }
      : {}),
    createdAt: new Date().toISOString(),
  } satisfies Manifest);
  await writeFile(join(staging, MANIFEST_FILE_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
  await beforeMove?.();
  const directory = await moveIntoPlace(staging, plan.repository, options.name, version);
  return { manifest, directory };
}

/** The manifest's `stylization` for a one-piece style-transfer IR (content + style image -> image). */
function stylizationSection(artifact: ArtifactDescription): Pick<Manifest, 'stylization'> {
  if (artifact.task !== 'style-transfer' || artifact.role !== 'one-piece') return {};
  const ports = onePieceStyleInputs(artifact.irSignature.inputs, artifact.irSignature.outputs);
  return ports ? { stylization: stylizationOf(ports) } : {};
}

/** Options that decide `--if-changed`: the same source bytes converted the same way. */
function sameConversion(manifest: Manifest, plan: ConversionPlan) {
  const labelsEntry = manifest.files.find((file) => file.path === LABELS_FILE_NAME);
  return (
    manifest.source.sha256 === plan.source.sha256 &&
    JSON.stringify(manifest.conversion.arguments) === JSON.stringify(plan.portableArguments) &&
    labelsEntry?.sha256 === (plan.labels ? sha256Text(plan.labels.text) : undefined) &&
    (plan.options.task === undefined || manifest.task === plan.options.task) &&
    Boolean(plan.options.quantize) === Boolean(manifest.quantization) &&
    (manifest.compile?.lowPrecision ?? 'auto') === (plan.options.lowPrecision ?? 'auto') &&
    JSON.stringify(manifest.compile?.config ?? {}) ===
      JSON.stringify(artifactCompileConfig(plan.description, plan.options))
  );
}

/**
 * Converts a TF Hub model (or local model) to OpenVINO IR and publishes it as
 * `<repository>/<name>/<version>/{model.xml, model.bin, hubvino.json, labels.txt}`, in stages:
 * {@link planConversion} → {@link convertWithOvc} → {@link describeArtifact} →
 * {@link validateArtifact} (against TF Lite's interpreter / TensorFlow, run as the runtime will run
 * it on this CPU) → {@link publishArtifact}.
 *
 * Nothing is published on failure; published versions are never changed; conversions to the same
 * name (also from other processes) are serialised by `<repository>/.<name>.lock`.
 *
 * @throws ArgumentError (usage; names the option, e.g. `inputShape`), SourceError / DownloadError
 * (source), ConversionError (conversion, publishing), ValidationError (validation), ToolchainError.
 */
export async function convert(options: ConvertOptions, callbacks: ConvertCallbacks = {}): Promise<ConvertResult> {
  checkOptions(options);
  const started = performance.now();
  const emit = (event: ConvertProgressEvent) => callbacks.onProgress?.(event);
  const core = new Core();
  let staging: string | undefined;
  let lock: HeldLock | undefined;
  let plan: ConversionPlan | undefined;
  let irModel: Model | undefined;
  let early: Promise<EarlyAnswers> | undefined;
  let ovcRunning: Promise<ConvertedIr> | undefined;
  const stopEarly = new AbortController();
  try {
    throwIfInterrupted(options.signal);
    plan = await planConversion(options, core, emit);
    const resolveMs = performance.now() - started;
    const { repository } = plan;
    throwIfInterrupted(options.signal);
    lock = await lockModelName(repository, options.name, {
      ...options.lock,
      onWait: () => emit({ type: 'convert', phase: 'waiting' }),
      onTakeOver: (holder, reason) =>
        emit({
          type: 'convert',
          phase: 'took-over',
          message: `took over the lock of ${reason === 'dead-holder' ? 'a conversion that is gone' : 'a conversion silent for too long'} (${holder.trim() || 'empty lock file'})`,
        }),
      onSwept: (folders) =>
        emit({
          type: 'convert',
          phase: 'swept',
          message: `removed staging left by killed conversions: ${folders.join(', ')}`,
        }),
    });
    // Under the lock, so that the sweep of stale staging folders never meets a live one.
    staging = await createStagingDirectory(repository, options.name);
    throwIfInterrupted(options.signal);
    const versions = await listModelVersions(repository, options.name);
    const latest = versions.at(-1);
    if (options.ifChanged && latest !== undefined) {
      const directory = versionDirectory(repository, options.name, latest);
      const manifest = await readLatestManifest(directory, options.name, latest);
      if (sameConversion(manifest, plan)) {
        const result: ConvertResult = {
          status: 'unchanged',
          name: options.name,
          version: latest,
          directory,
          repository,
          manifest,
          source: sourceSummary(plan.source),
          timings: { resolveMs, convertMs: 0, validateMs: 0, totalMs: performance.now() - started },
        };
        emit({ type: 'done', result });
        return result;
      }
    }
    const version = options.version ?? (latest ?? 0) + 1;
    if (versions.includes(version)) throw versionExists(repository, options.name, version);

    // ovc runs in its own process; the references (which need only the source) answer meanwhile.
    // Once ovc reports the IR written, the IR is described and validated while ovc finishes (its
    // telemetry); its exit status is awaited before anything is published.
    let irWritten: () => void = () => {};
    const written = new Promise<void>((resolveWritten) => {
      irWritten = resolveWritten;
    });
    ovcRunning = convertWithOvc(plan, staging, emit, () => irWritten());
    early = answerReferencesEarly(
      plan,
      core,
      AbortSignal.any([stopEarly.signal, ...(options.signal ? [options.signal] : [])]),
    );
    await Promise.race([written, ovcRunning]);
    const irPath = join(staging, MODEL_XML_FILE_NAME);
    irModel = await core.readModel(irPath);
    // SSD detectors (no ovc) resolve with their post-processing options; ovc's IR has none.
    const detection = plan.detector ? (await ovcRunning).detection : undefined;
    const artifact = await describeArtifact(plan, core, irModel, detection);
    const answers = await early;
    early = undefined;
    const validateStarted = performance.now();
    const validation = await validateArtifact(plan, artifact, core, irPath, emit, { irModel, answers });
    throwIfInterrupted(options.signal);
    const quantization = options.quantize ? await quantizeArtifact(plan, artifact, core, staging, emit) : undefined;
    const validateMs = performance.now() - validateStarted;
    const ovc = await ovcRunning;
    throwIfInterrupted(options.signal);
    const { manifest, directory } = await publishArtifact(
      plan,
      artifact,
      validation,
      staging,
      version,
      ovc.durationMs,
      async () => {
        throwIfInterrupted(options.signal);
        await lock?.assertHeld();
      },
      quantization,
    );
    staging = undefined;
    emit({ type: 'publish', name: options.name, version, directory });
    const result: ConvertResult = {
      status: 'published',
      name: options.name,
      version,
      directory,
      repository,
      manifest,
      source: sourceSummary(plan.source),
      timings: {
        resolveMs,
        convertMs: ovc.durationMs,
        validateMs,
        ...(quantization ? { quantizeMs: quantization.durationMs } : {}),
        totalMs: performance.now() - started,
      },
    };
    emit({ type: 'done', result });
    return result;
  } finally {
    // A failed validation may come before ovc has exited: never leave it running.
    await ovcRunning?.catch(() => undefined);
    if (early) {
      // ovc failed or was interrupted: the references stop after the running one; free what they made.
      stopEarly.abort();
      (await early).answers?.dispose();
    }
    irModel?.dispose();
    plan?.sourceModel?.dispose();
    if (staging) await rm(staging, { recursive: true, force: true });
    await lock?.release();
    core.dispose();
  }
}

function sourceSummary(source: ResolvedSource): ConvertResult['source'] {
  return {
    handle: source.handle,
    format: source.format,
    sha256: source.sha256,
    resolvedUrl: source.resolvedUrl,
    cacheHit: source.cacheHit,
    modelPath: source.modelPath,
  };
}

function sha256Text(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export { DEFAULT_MAX_ABS_DIFF_FP32, DEFAULT_METRIC_LIMITS };
