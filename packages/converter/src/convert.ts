import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ArgumentError, Core } from '@hubvino/runtime';
import {
  assertModelName,
  LABELS_FILE_NAME,
  listModelVersions,
  MANIFEST_FILE_NAME,
  MANIFEST_SCHEMA_VERSION,
  type Manifest,
  MODEL_BIN_FILE_NAME,
  MODEL_XML_FILE_NAME,
  type ModelTask,
  manifestSchema,
  taskSchema,
  versionDirectory,
} from '@hubvino/runtime/artifact';
import { locateOpenVino } from '@hubvino/runtime/toolchain';
import { type InputShapeSpec, parseInputShape, planInputShapes } from './conversion/input-shape.js';
import { ovcArguments, runOvc } from './conversion/run-ovc.js';
import { SourceError } from './errors/source-error.js';
import { acquireDirectoryLock } from './hub/directory-lock.js';
import { isHttpHandle } from './hub/hub-handle.js';
import { type HubSettings, hubSettingsFrom, mapRequestUrl } from './hub/hub-settings.js';
import { modelSignature, readSourceModel } from './inspect/model-ports.js';
import type { ConvertCallbacks, ConvertProgressEvent, ConvertResult } from './progress-events.js';
import { readLatestManifest } from './publish/read-latest-manifest.js';
import { createStagingDirectory, describeFiles, moveIntoPlace, versionExists } from './publish/repository-files.js';
import { resolveSource } from './source/resolve-source.js';
import { describeTask, type SourceFacts } from './task/infer-task.js';
import { metadataLabels, readTfliteModel, type TfliteModel } from './tflite/tflite-model.js';
import { openVinoFrontendReference } from './validation/openvino-frontend-reference.js';
import { tensorFlowReference } from './validation/tensorflow-reference.js';
import {
  concreteShapes,
  DEFAULT_MAX_ABS_DIFF_FP16,
  DEFAULT_MAX_ABS_DIFF_FP32,
  DEFAULT_VALIDATION_SEED,
  type InputValueRange,
  validateConversion,
} from './validation/validate-conversion.js';
import type { ValidationReferenceFactory } from './validation/validation-reference.js';

/**
 * The references `convert` validates against unless `validationReferences` is given: OpenVINO's own
 * frontend reading the source, then (SavedModel sources, unless `tensorFlowReference: false`)
 * TensorFlow through tfjs-node.
 */
export function defaultValidationReferences(
  options: { tensorFlowReference?: boolean } = {},
): ValidationReferenceFactory[] {
  return options.tensorFlowReference === false
    ? [openVinoFrontendReference]
    : [openVinoFrontendReference, tensorFlowReference];
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
  /** Labels file path or http(s) URL (one label per line), copied to `labels.txt`. */
  labels?: string;
  /** Task; inferred when omitted (an image input and a [*, 1001] output is image classification). */
  task?: ModelTask;
  /**
   * Largest allowed |IR - reference| on the validation input. Default 1e-3 with FP32 weights,
   * 0.05 with FP16 weights ({@link DEFAULT_MAX_ABS_DIFF_FP32} / {@link DEFAULT_MAX_ABS_DIFF_FP16}).
   */
  maxAbsDiff?: number;
  /** Publish nothing when the latest version has the same source digest and options. */
  ifChanged?: boolean;
  /**
   * References to validate against; default `[openVinoFrontendReference, tensorFlowReference]`
   * ({@link defaultValidationReferences}). When given, used as is.
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
}

function checkOptions(options: ConvertOptions): void {
  if (!options || typeof options !== 'object')
    throw new ArgumentError(`'options' must be an object`, { argument: 'options' });
  assertModelName(options.name, 'name');
  if (options.version !== undefined && (!Number.isInteger(options.version) || options.version < 1)) {
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
}

async function loadLabels(labels: string, hub: HubSettings): Promise<string> {
  if (isHttpHandle(labels)) {
    let response: Response;
    try {
      response = await fetch(mapRequestUrl(labels, hub.hostMap));
    } catch (error) {
      throw new SourceError(`Cannot fetch the labels ${labels}: ${(error as Error).message}`, {
        source: labels,
        cause: error,
      });
    }
    if (!response.ok)
      throw new SourceError(`Fetching the labels ${labels} failed with HTTP ${response.status}.`, { source: labels });
    return await response.text();
  }
  try {
    return await readFile(resolve(labels), 'utf8');
  } catch (error) {
    throw new ArgumentError(`Cannot read the labels file ${labels} given as '--labels': ${(error as Error).message}`, {
      argument: 'labels',
      cause: error,
    });
  }
}

function labelLines(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && (lines.at(-1) as string).trim() === '') lines.pop();
  return lines;
}

/** Options that decide `--if-changed`: the same source bytes converted the same way. */
function sameConversion(
  manifest: Manifest,
  sha256: string,
  args: string[],
  labelsSha: string | undefined,
  task: ModelTask | undefined,
) {
  const labelsEntry = manifest.files.find((file) => file.path === LABELS_FILE_NAME);
  return (
    manifest.source.sha256 === sha256 &&
    JSON.stringify(manifest.conversion.arguments) === JSON.stringify(args) &&
    labelsEntry?.sha256 === labelsSha &&
    (task === undefined || manifest.task === task)
  );
}

/**
 * Converts a TF Hub model (or local model) to OpenVINO IR with ovc, validates it against the source
 * read by OpenVINO's own frontend (and any extra references), and publishes it as
 * `<repository>/<name>/<version>/{model.xml, model.bin, hubvino.json, labels.txt}`.
 *
 * Nothing is published on failure; published versions are never changed; conversions to the same
 * name (also from other processes) are serialised by `<repository>/.<name>.lock`.
 *
 * @throws ArgumentError (usage), SourceError / DownloadError (source), ConversionError (conversion,
 * publishing), ValidationError (validation), ToolchainError (toolchain).
 */
export async function convert(options: ConvertOptions, callbacks: ConvertCallbacks = {}): Promise<ConvertResult> {
  checkOptions(options);
  const started = performance.now();
  const emit = (event: ConvertProgressEvent) => callbacks.onProgress?.(event);
  const hub = hubSettingsFrom(options.hub);
  const repository = resolve(options.repository ?? 'models');
  const fp16 = options.fp16 ?? true;
  const maxAbsDiff = options.maxAbsDiff ?? (fp16 ? DEFAULT_MAX_ABS_DIFF_FP16 : DEFAULT_MAX_ABS_DIFF_FP32);
  const requestedShapes =
    typeof options.inputShape === 'string' ? parseInputShape(options.inputShape) : options.inputShape;
  const labelsText = options.labels ? await loadLabels(options.labels, hub) : undefined;
  const labels = labelsText === undefined ? undefined : labelLines(labelsText);
  if (labels && labels.length === 0)
    throw new ArgumentError(`The labels file ${options.labels} holds no label.`, { argument: 'labels' });

  emit({ type: 'resolve', source: options.source, origin: isHttpHandle(options.source) ? 'remote' : 'local' });
  const source = await resolveSource(options.source, {
    hub,
    onStart: (url) => emit({ type: 'download', phase: 'start', url }),
    onWait: () => emit({ type: 'download', phase: 'wait', url: options.source }),
    onRetry: (attempt, delayMs, reason) =>
      emit({ type: 'download', phase: 'retry', url: options.source, attempt, delayMs, reason }),
    onProgress: (progress) => emit({ type: 'progress', ...progress }),
  });
  const resolveMs = performance.now() - started;

  const openvino = locateOpenVino();
  const core = new Core();
  let staging: string | undefined;
  let lock: Awaited<ReturnType<typeof acquireDirectoryLock>> | undefined;
  try {
    const sourceModel = await readSourceModel(core, source.modelPath);
    const sourceSignature = modelSignature(sourceModel);
    sourceModel.dispose();
    const plan = planInputShapes(sourceSignature.inputs, requestedShapes, options.keepDynamicBatch ?? false);
    const validationShapes = concreteShapes(sourceSignature.inputs, plan.shapes);

    staging = await createStagingDirectory(repository, options.name);
    const request = {
      modelPath: source.modelPath,
      outputDirectory: staging,
      compressToFp16: fp16,
      input: plan.ovcInput,
    };
    const portableArguments = ovcArguments(request, true);
    const labelsSha = labelsText === undefined ? undefined : sha256Text(labelsText);

    lock = await acquireDirectoryLock(join(repository, `.${options.name}`), {
      staleAfterMs: Number.POSITIVE_INFINITY,
      pollMs: 200,
      onWait: () => emit({ type: 'convert', phase: 'waiting' }),
    });
    const versions = await listModelVersions(repository, options.name);
    const latest = versions.at(-1);
    if (options.ifChanged && latest !== undefined) {
      const directory = versionDirectory(repository, options.name, latest);
      const manifest = await readLatestManifest(directory, options.name, latest);
      if (sameConversion(manifest, source.sha256, portableArguments, labelsSha, options.task)) {
        const result: ConvertResult = {
          status: 'unchanged',
          name: options.name,
          version: latest,
          directory,
          repository,
          manifest,
          source: sourceSummary(source),
          timings: { resolveMs, convertMs: 0, validateMs: 0, totalMs: performance.now() - started },
        };
        emit({ type: 'done', result });
        return result;
      }
    }
    const version = options.version ?? (latest ?? 0) + 1;
    if (versions.includes(version)) throw versionExists(repository, options.name, version);

    emit({ type: 'convert', phase: 'start', arguments: portableArguments });
    const ovc = await runOvc(openvino, request);
    emit({ type: 'convert', phase: 'done', durationMs: ovc.durationMs });

    const irPath = join(staging, MODEL_XML_FILE_NAME);
    const irModel = await core.readModel(irPath);
    const irSignature = modelSignature(irModel);
    irModel.dispose();
    const tflite = source.format === 'tflite' ? await readTfliteModel(source.modelPath) : undefined;
    const sourceFacts = tflite ? tfliteFacts(tflite) : undefined;
    // Labels packed in the TF Lite metadata (e.g. YAMNet's yamnet_label_list.txt) unless --labels is given.
    const metadataLabelsText = labelsText === undefined && tflite ? metadataLabels(tflite)?.text : undefined;
    const dequantization = irSignature.outputs.map((port, index) => {
      if (port.elementType !== 'u8' && port.elementType !== 'i8') return undefined;
      const match = tflite?.outputs.find((tensor) => tensor.name === port.name) ?? tflite?.outputs[index];
      return match?.quantization;
    });
    const preliminary = describeTask(options.task, {
      format: source.format,
      inputs: irSignature.inputs,
      outputs: irSignature.outputs,
      dequantization,
      firstOutputValues: undefined,
      source: sourceFacts,
    });
    const inputRanges: (InputValueRange | undefined)[] = irSignature.inputs.map((port) =>
      (port.shape.length === 4 && port.shape[3] === 3 && preliminary.preprocessing?.valueRange === 'float-minus1-1') ||
      preliminary.audio !== undefined // waveforms are floats in [-1, 1]
        ? { min: -1, max: 1 }
        : undefined,
    );

    const validateStarted = performance.now();
    emit({ type: 'validate', phase: 'start' });
    const validation = await validateConversion({
      core,
      irPath,
      source,
      inputShapes: validationShapes,
      inputRanges,
      dequantization,
      references: options.validationReferences ?? defaultValidationReferences(options),
      maxAbsDiff,
      seed: options.validationSeed ?? DEFAULT_VALIDATION_SEED,
      onNote: (message) => emit({ type: 'validate', phase: 'note', message }),
    });
    const validateMs = performance.now() - validateStarted;
    emit({
      type: 'validate',
      phase: 'done',
      references: validation.record.references.map((reference) => ({
        kind: reference.kind,
        maxAbsDiff: reference.maxAbsDiff,
        ...(reference.top1Agreement === undefined ? {} : { top1Agreement: reference.top1Agreement }),
        passed: reference.passed,
      })),
    });
    const first = validation.irOutputs[0];
    const firstParameters = dequantization[0];
    const firstValues =
      first && firstParameters && (first.elementType === 'u8' || first.elementType === 'i8')
        ? first.values.map((value) => firstParameters.scale * (value - firstParameters.zeroPoint))
        : first?.values;
    const description = describeTask(
      options.task,
      {
        format: source.format,
        inputs: irSignature.inputs,
        outputs: irSignature.outputs,
        dequantization,
        firstOutputValues: firstValues,
        source: sourceFacts,
      },
      labels || metadataLabelsText ? LABELS_FILE_NAME : undefined,
    );
    if (labels && (description.task === 'image-classification' || description.task === 'audio-classification')) {
      const classes = irSignature.outputs[0]?.shape.at(-1) ?? 0;
      if (classes > 0 && labels.length !== classes) {
        throw new ArgumentError(
          `The labels file ${options.labels} has ${labels.length} labels but the model has ${classes} outputs; pass the matching labels (e.g. TF Hub's ImageNetLabels.txt for 1001 outputs).`,
          { argument: 'labels' },
        );
      }
    }
    const fileNames = [MODEL_XML_FILE_NAME, MODEL_BIN_FILE_NAME];
    const writtenLabels = labelsText ?? metadataLabelsText;
    if (writtenLabels !== undefined) {
      await writeFile(join(staging, LABELS_FILE_NAME), writtenLabels);
      fileNames.push(LABELS_FILE_NAME);
    }
    const manifest = manifestSchema.parse({
      schema: MANIFEST_SCHEMA_VERSION,
      name: options.name,
      version,
      task: description.task,
      ...((options.role ?? description.role) ? { role: options.role ?? description.role } : {}),
      ...(options.companions ? { companions: options.companions } : {}),
      source: {
        handle: source.handle,
        ...(source.resolvedUrl ? { resolvedUrl: source.resolvedUrl } : {}),
        format: source.format,
        sha256: source.sha256,
      },
      conversion: {
        tool: 'ovc',
        openvinoVersion: openvino.version === 'unknown' ? Core.getVersion().buildNumber : openvino.version,
        arguments: portableArguments,
        compressToFp16: fp16,
        durationMs: Math.round(ovc.durationMs),
      },
      files: await describeFiles(staging, fileNames),
      inputs: irSignature.inputs,
      outputs: irSignature.outputs,
      ...(description.preprocessing ? { preprocessing: description.preprocessing } : {}),
      ...(description.postprocessing ? { postprocessing: description.postprocessing } : {}),
      ...(description.audio ? { audio: description.audio } : {}),
      validation: validation.record,
      createdAt: new Date().toISOString(),
    } satisfies Manifest);
    await writeFile(join(staging, MANIFEST_FILE_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
    const directory = await moveIntoPlace(staging, repository, options.name, version);
    staging = undefined;
    emit({ type: 'publish', name: options.name, version, directory });
    const result: ConvertResult = {
      status: 'published',
      name: options.name,
      version,
      directory,
      repository,
      manifest,
      source: sourceSummary(source),
      timings: { resolveMs, convertMs: ovc.durationMs, validateMs, totalMs: performance.now() - started },
    };
    emit({ type: 'done', result });
    return result;
  } finally {
    if (staging) await rm(staging, { recursive: true, force: true });
    await lock?.release();
    core.dispose();
  }
}

function sourceSummary(source: Awaited<ReturnType<typeof resolveSource>>): ConvertResult['source'] {
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

/** What the TF Lite graph and metadata say that task inference uses. */
function tfliteFacts(model: TfliteModel): SourceFacts {
  const audio = model.metadata?.inputs.find((input) => input.content === 'audio');
  return {
    outputOperators: model.outputProducers.map((producer) => producer.effective),
    ...(audio ? { audio: { sampleRate: audio.sampleRate, channels: audio.channels } } : {}),
    hasLabels: metadataLabels(model) !== undefined,
  };
}
