import {
  ArgumentError,
  type Core,
  type CpuFeatures,
  chooseCpuPrecision,
  HubvinoError,
  type LowPrecisionMode,
  type Model,
  Tensor,
} from '@hubvino/runtime';
import type { Manifest, ManifestPort, PrecisionPath, ValidationRecord } from '@hubvino/runtime/artifact';
import {
  cpuClassOf,
  dequantize,
  inferInChildProcess,
  LOW_PRECISION_OFF_CONFIG,
  SATURATING_INT8_EMULATION,
} from '@hubvino/runtime/task-support';
import { throwIfInterrupted } from '../errors/interrupted-error.js';
import { ValidationError, type ValidationFailure } from '../errors/validation-error.js';
import { type ModelSignature, modelSignature } from '../inspect/model-ports.js';
import type { ResolvedSource } from '../source/resolve-source.js';
import { compareOutputs, finiteMetrics, formatMetric, type MetricOptions, type MetricResult } from './metrics.js';
import { seededRandom } from './seeded-random.js';
import { type NumericOutput, numericOutput, type ValidationReferenceFactory } from './validation-reference.js';

/** Default seed of the validation input. */
export const DEFAULT_VALIDATION_SEED = 20240611;
/**
 * Suggested `--max-abs-diff` with FP32 weights at f32 inference precision (the IR vs TensorFlow
 * itself: 1.1e-5). No raw limit applies unless one is given: task metrics decide ({@link compareOutputs}).
 */
export const DEFAULT_MAX_ABS_DIFF_FP32 = 1e-3;
/**
 * Suggested `--max-abs-diff` with FP16-compressed weights at f32 inference precision: observed 0.024
 * on the O(1) logits of the random-weight MobileNetV2 SavedModel fixture.
 */
export const DEFAULT_MAX_ABS_DIFF_FP16 = 0.05;

/** How one input's random values are drawn. */
export type InputValueRange = { min: number; max: number };

/** Options of {@link validateConversion}. */
export interface ValidateOptions {
  core: Core;
  /** The converted `model.xml`. */
  irPath: string;
  source: ResolvedSource;
  /** Validation shapes (concrete), in input order. */
  inputShapes: number[][];
  /** Value range per input for float inputs (default [0, 1]). */
  inputRanges?: (InputValueRange | undefined)[];
  /** Per output, for u8/i8 outputs: compare dequantized values. */
  dequantization?: ({ scale: number; zeroPoint: number } | undefined)[];
  references: ValidationReferenceFactory[];
  /** How outputs are judged (task, activation, limits). */
  metric: MetricOptions;
  /** An extra raw limit on max |IR - reference| (only when the caller sets one). */
  maxAbsDiff?: number | undefined;
  /** This CPU. */
  cpu: CpuFeatures;
  /** The artifact's compile config (manifest `compile.config`) before the CPU precision decision. */
  compileConfig: Record<string, string>;
  /** The artifact's low-precision mode (manifest `compile.lowPrecision`, default auto). */
  lowPrecision?: LowPrecisionMode;
  /** The source runs quantized kernels (measure every precision path). */
  quantized: boolean;
  /** Measure the saturating-int8 class by emulation (ONEDNN_MAX_CPU_ISA) on a CPU with VNNI (default true). */
  emulateSaturatingInt8?: boolean;
  seed?: number;
  /** Receives references' notes (e.g. why TensorFlow was skipped). */
  onNote?: (message: string) => void;
  /**
   * The IR already read by `core.readModel(irPath)` (borrowed: reshaped when dynamic, not disposed),
   * so that validation does not read it again. Read here when omitted.
   */
  irModel?: Model;
  /**
   * The references' answers computed beforehand ({@link answerReferences}, e.g. while ovc ran). Taken
   * over (disposed here). Used when they were made for the IR's ports, shapes, ranges and seed;
   * otherwise the references run again here on inputs made for the IR.
   */
  answers?: ReferenceAnswers;
  /** The source as OpenVINO's frontend read it (borrowed), for the frontend reference. */
  sourceModel?: Model;
}

/** The outcome: the manifest record, and the outputs of the IR (as loaded here) and of the primary reference. */
export interface ValidationOutcome {
  record: ValidationRecord;
  irOutputs: NumericOutput[];
  referenceOutputs: NumericOutput[] | undefined;
}

/** Replaces a dynamic batch by 1; other dynamic dimensions need `--input-shape`. */
export function concreteShapes(inputs: readonly ManifestPort[], shapes: number[][]): number[][] {
  return shapes.map((shape, index) => {
    if (shape.length === 0 && (inputs[index]?.shape.length ?? 0) === 0) return shape;
    return shape.map((dimension, axis) => {
      if (dimension >= 0) return dimension;
      if (axis === 0) return 1;
      throw new ArgumentError(
        `Input '${inputs[index]?.name}' has a dynamic dimension ${axis} (${JSON.stringify(shape)}); pass 'inputShape' with concrete sizes so the conversion can be validated.`,
        { argument: 'inputShape' },
      );
    });
  });
}

/** The seeded validation inputs, one tensor per input. */
export function makeValidationInputs(
  inputs: readonly ManifestPort[],
  shapes: number[][],
  seed: number,
  ranges: (InputValueRange | undefined)[] = [],
): Tensor[] {
  const random = seededRandom(seed);
  return inputs.map((port, index) => {
    const shape = shapes[index] as number[];
    const size = shape.reduce((product, dimension) => product * dimension, 1);
    const range = ranges[index] ?? { min: 0, max: 1 };
    switch (port.elementType) {
      case 'f32': {
        const data = new Float32Array(size);
        for (let element = 0; element < size; element += 1)
          data[element] = range.min + (range.max - range.min) * random();
        return new Tensor('f32', shape, data);
      }
      case 'u8': {
        const data = new Uint8Array(size);
        for (let element = 0; element < size; element += 1) data[element] = Math.floor(random() * 256);
        return new Tensor('u8', shape, data);
      }
      case 'i8': {
        const data = new Int8Array(size);
        for (let element = 0; element < size; element += 1) data[element] = Math.floor(random() * 256) - 128;
        return new Tensor('i8', shape, data);
      }
      case 'i32': {
        const data = new Int32Array(size);
        for (let element = 0; element < size; element += 1) data[element] = Math.floor(random() * 10);
        return new Tensor('i32', shape, data);
      }
      case 'i64': {
        const data = new BigInt64Array(size);
        for (let element = 0; element < size; element += 1) data[element] = BigInt(Math.floor(random() * 10));
        return new Tensor('i64', shape, data);
      }
      default:
        throw new ValidationError(
          `Cannot make a validation input for '${port.name}' of type ${port.elementType}; only f32, u8, i8, i32 and i64 inputs are supported.`,
          { code: 'ERR_VALIDATION_INPUT' },
        );
    }
  });
}

function dequantized(
  output: NumericOutput,
  parameters: { scale: number; zeroPoint: number } | undefined,
): Float64Array {
  if (!parameters || (output.elementType !== 'u8' && output.elementType !== 'i8')) return output.values;
  return Float64Array.from(dequantize(asQuantized(output), parameters));
}

function asQuantized(output: NumericOutput): Uint8Array | Int8Array {
  return output.elementType === 'u8' ? Uint8Array.from(output.values) : Int8Array.from(output.values);
}

/** One way the IR is compiled and run for validation. */
interface IrRun {
  cpuClass: PrecisionPath['cpuClass'];
  lowPrecision: 'on' | 'off';
  config: Record<string, string>;
  /** Child-process environment (emulation), when not run in this process. */
  environment?: Readonly<Record<string, string>>;
  measuredOn: string;
}

async function runInProcess(
  core: Core,
  irModel: Model,
  inputs: Tensor[],
  config: Record<string, string>,
): Promise<NumericOutput[]> {
  const compiled = await core.compileModel(irModel, 'CPU', config);
  try {
    const request = compiled.createInferRequest();
    try {
      const result = await request.inferAsync(inputs);
      return compiled.outputs.map((port, index) =>
        numericOutput(port.name, result[port.name || String(index)] as Tensor),
      );
    } finally {
      request.dispose();
    }
  } finally {
    compiled.dispose();
  }
}

/** Reshapes a dynamic IR to the validation shapes (once, before its runs). */
function reshapeToValidationShapes(irModel: Model, irPath: string, inputShapes: number[][]): void {
  if (!irModel.isDynamic()) return;
  const shapes: Record<string, number[]> = {};
  irModel.inputs.forEach((port, index) => {
    shapes[port.name || String(index)] = inputShapes[index] as number[];
  });
  try {
    irModel.reshape(shapes);
  } catch (error) {
    throw new ValidationError(
      `The converted IR ${irPath} could not be reshaped to the validation shapes ${JSON.stringify(inputShapes)}: ${HubvinoError.isInstance(error) ? (error.nativeMessage ?? error.message) : String(error)}`,
      { code: 'ERR_IR_NOT_RUNNABLE', cause: error },
    );
  }
}

async function runIr(options: ValidateOptions, irModel: Model, inputs: Tensor[], run: IrRun): Promise<NumericOutput[]> {
  try {
    if (!run.environment) return await runInProcess(options.core, irModel, inputs, run.config);
    const result = await inferInChildProcess({
      model: options.irPath,
      inputs,
      config: run.config,
      environment: run.environment,
    });
    return result.outputs.map((output) => {
      const tensor = new Tensor(output.elementType, output.shape, output.data);
      try {
        return numericOutput(output.name, tensor);
      } finally {
        tensor.dispose();
      }
    });
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError(
      `The converted IR ${options.irPath} could not be compiled or run on CPU (${JSON.stringify(run.config)}${run.environment ? `, ${run.measuredOn}` : ''}): ${HubvinoError.isInstance(error) ? (error.nativeMessage ?? error.message) : String(error)}`,
      { code: 'ERR_IR_NOT_RUNNABLE', cause: error },
    );
  }
}

/**
 * The runs: the artifact's config on this CPU with low precision on (and, for quantized models,
 * off); for quantized models on a CPU with exact int8, also the saturating-int8 class emulated in a
 * child process (ONEDNN_MAX_CPU_ISA=AVX2, f32), on and off.
 */
function planRuns(options: ValidateOptions): IrRun[] {
  const here = cpuClassOf(options.cpu);
  const base = options.compileConfig;
  // As the runtime merges them: this CPU's decision for the path (LP_TRANSFORMS_MODE; f32 under an
  // ISA limit below bf16), then the artifact's compile config.
  const native = (lowPrecision: 'on' | 'off'): IrRun => ({
    cpuClass: here,
    lowPrecision,
    config: { ...chooseCpuPrecision({ cpu: options.cpu, lowPrecision }).config, ...base },
    measuredOn: options.cpu.isaLimit ? `ONEDNN_MAX_CPU_ISA=${options.cpu.isaLimit}` : 'native',
  });
  const runs: IrRun[] = [native('on')];
  if (!options.quantized) return runs;
  runs.push(native('off'));
  if (here === 'int8-exact' && options.emulateSaturatingInt8 !== false) {
    const emulated = { ...base, ...SATURATING_INT8_EMULATION.config };
    for (const lowPrecision of ['on', 'off'] as const) {
      runs.push({
        cpuClass: 'int8-saturating',
        lowPrecision,
        config: lowPrecision === 'on' ? emulated : { ...emulated, ...LOW_PRECISION_OFF_CONFIG },
        environment: SATURATING_INT8_EMULATION.environment,
        measuredOn: SATURATING_INT8_EMULATION.description,
      });
    }
  }
  return runs;
}

function compare(
  options: ValidateOptions,
  irOutputs: NumericOutput[],
  referenceOutputs: NumericOutput[],
): MetricResult & { worstOutput: string } {
  let worstOutput = '';
  let worstDiff = -1;
  const pairs = irOutputs.map((irOutput, index) => {
    const match =
      referenceOutputs.find((output) => output.name && output.name === irOutput.name) ?? referenceOutputs[index];
    const parameters = options.dequantization?.[index];
    const ir = dequantized(irOutput, parameters);
    const reference = match ? dequantized(match, parameters) : new Float64Array(0);
    return { name: irOutput.name, shape: irOutput.shape, ir, reference };
  });
  const result = compareOutputs(pairs, options.metric);
  for (const pair of pairs) {
    const single = compareOutputs([pair], { ...options.metric, task: 'generic' });
    const diff = single.metrics.maxAbsDiff ?? 0;
    if (diff > worstDiff) {
      worstDiff = diff;
      worstOutput = pair.name;
    }
  }
  if (options.maxAbsDiff !== undefined && (result.metrics.maxAbsDiff ?? 0) > options.maxAbsDiff) {
    result.passed = false;
    result.failures.push(
      `maxAbsDiff ${formatMetric(result.metrics.maxAbsDiff ?? 0)} > --max-abs-diff ${options.maxAbsDiff}`,
    );
  }
  return { ...result, worstOutput };
}

/**
 * Runs the IR on a seeded pseudo-random input the way the runtime will run it on this CPU (the
 * artifact's compile config plus the runtime's low-precision decision, {@link chooseCpuPrecision}),
 * and — for quantized models — on every precision path (low precision on/off, natively and on the
 * emulated saturating-int8 CPU class). Compares with each reference on the task's terms
 * ({@link compareOutputs}).
 * @throws ValidationError when the path the runtime takes here, or on the other CPU class when it
 * was measured, fails (nothing must be published), or when the IR cannot be compiled or run.
 */
export async function validateConversion(options: ValidateOptions): Promise<ValidationOutcome> {
  const seed = options.seed ?? DEFAULT_VALIDATION_SEED;
  const { core } = options;
  let given = options.answers;
  let irModel: Model;
  try {
    irModel = options.irModel ?? (await core.readModel(options.irPath));
  } catch (error) {
    given?.dispose();
    throw error;
  }
  try {
    const irPorts = modelSignature(irModel);
    reshapeToValidationShapes(irModel, options.irPath, options.inputShapes);
    if (given && !answersFit(given, irPorts, options.inputShapes, options.inputRanges ?? [], seed)) {
      given.dispose();
      given = undefined;
    }
    for (const message of given?.notes ?? []) options.onNote?.(message);
    const answered =
      given ??
      (await answerReferences({
        core,
        source: options.source,
        ports: irPorts,
        inputShapes: options.inputShapes,
        inputRanges: options.inputRanges ?? [],
        seed,
        references: options.references,
        sourceModel: options.sourceModel,
        onNote: options.onNote,
      }));
    try {
      return await judge(options, irModel, answered);
    } finally {
      answered.dispose();
    }
  } finally {
    if (!options.irModel) irModel.dispose();
  }
}

/** What the references answered on the seeded inputs: the source framework's side of validation. */
export interface ReferenceAnswers {
  /** The ports the inputs were made for (the IR's, or the source's when answered before ovc). */
  ports: ModelSignature;
  inputShapes: number[][];
  inputRanges: (InputValueRange | undefined)[];
  seed: number;
  /** The seeded inputs, one tensor per input. */
  inputs: Tensor[];
  references: { kind: string; description: string; outputs: NumericOutput[] }[];
  /** The references' notes (e.g. why TensorFlow was skipped), for answers given to validation to pass on. */
  notes: string[];
  /** Frees the input tensors. */
  dispose(): void;
}

/** Options of {@link answerReferences}. */
export interface AnswerReferencesOptions {
  core: Core;
  source: ResolvedSource;
  /** The ports to make inputs for and to pair with the source's (the IR's, or the source's own). */
  ports: ModelSignature;
  inputShapes: number[][];
  inputRanges: (InputValueRange | undefined)[];
  seed: number;
  references: ValidationReferenceFactory[];
  /** The source as OpenVINO's frontend read it (borrowed), for the frontend reference. */
  sourceModel?: Model | undefined;
  /** Stops before the next reference starts (the running one finishes). */
  signal?: AbortSignal | undefined;
  onNote?: ((message: string) => void) | undefined;
}

/**
 * Runs every reference on the seeded inputs: only the source is needed, so `convert` runs this
 * while ovc converts (TensorFlow's SavedModel load and LiteRT's process then cost no wall time of
 * their own). Each reference is disposed after its run.
 */
export async function answerReferences(options: AnswerReferencesOptions): Promise<ReferenceAnswers> {
  const inputs = makeValidationInputs(options.ports.inputs, options.inputShapes, options.seed, options.inputRanges);
  const dispose = () => {
    for (const tensor of inputs) tensor.dispose();
  };
  const notes: string[] = [];
  try {
    const references: ReferenceAnswers['references'] = [];
    for (const factory of options.references) {
      throwIfInterrupted(options.signal);
      const reference = await factory({
        core: options.core,
        source: options.source,
        inputShapes: options.inputShapes,
        inputs: options.ports.inputs,
        outputs: options.ports.outputs,
        ...(options.sourceModel ? { sourceModel: options.sourceModel } : {}),
        note: (message) => {
          notes.push(message);
          options.onNote?.(message);
        },
      });
      if (!reference) continue;
      try {
        const outputs = await reference.run(inputs);
        references.push({ kind: reference.kind, description: reference.description, outputs });
      } finally {
        reference.dispose?.();
      }
    }
    return {
      ports: options.ports,
      inputShapes: options.inputShapes,
      inputRanges: options.inputRanges,
      seed: options.seed,
      inputs,
      references,
      notes,
      dispose,
    };
  } catch (error) {
    dispose();
    throw error;
  }
}

function samePorts(a: readonly ManifestPort[], b: readonly ManifestPort[], elementTypes: boolean): boolean {
  return (
    a.length === b.length &&
    a.every(
      (port, index) => port.name === b[index]?.name && (!elementTypes || port.elementType === b[index]?.elementType),
    )
  );
}

/** Whether answers made before conversion were made for this IR: same input ports and types, outputs, shapes, ranges, seed. */
function answersFit(
  answers: ReferenceAnswers,
  irPorts: ModelSignature,
  inputShapes: number[][],
  inputRanges: (InputValueRange | undefined)[],
  seed: number,
): boolean {
  return (
    answers.seed === seed &&
    samePorts(answers.ports.inputs, irPorts.inputs, true) &&
    samePorts(answers.ports.outputs, irPorts.outputs, false) &&
    JSON.stringify(answers.inputShapes) === JSON.stringify(inputShapes) &&
    JSON.stringify(irPorts.inputs.map((_, index) => answers.inputRanges[index] ?? null)) ===
      JSON.stringify(irPorts.inputs.map((_, index) => inputRanges[index] ?? null))
  );
}

/** Runs the IR on every planned path (child processes started first) and judges it against the answers. */
async function judge(options: ValidateOptions, irModel: Model, answered: ReferenceAnswers): Promise<ValidationOutcome> {
  const seed = answered.seed;
  const { inputs } = answered;
  const planned = planRuns(options);
  // The emulated CPU class runs in child processes: start them before the in-process runs, so they overlap.
  const pending = planned.map((run) =>
    run.environment
      ? runIr(options, irModel, inputs, run).then(
          (outputs) => ({ outputs }),
          (error: unknown) => ({ error }),
        )
      : undefined,
  );
  const runs: IrRun[] = [];
  const runOutputs: NumericOutput[][] = [];
  for (const [index, run] of planned.entries()) {
    const settled = pending[index];
    if (!settled) {
      try {
        runOutputs.push(await runIr(options, irModel, inputs, run));
      } catch (error) {
        // The children read the input tensors: let them finish before the caller frees them.
        await Promise.all(pending);
        throw error;
      }
      runs.push(run);
      continue;
    }
    const result = await settled;
    if ('outputs' in result) {
      runOutputs.push(result.outputs);
      runs.push(run);
      continue;
    }
    // The emulation is not perfect: OpenVINO's own ISA checks still see AVX-512 and may pick a
    // kernel oneDNN then refuses (YAMNet's inner product with LP off). Such a path is not measured.
    options.onNote?.(
      `The ${run.cpuClass} path (low precision ${run.lowPrecision}) could not be measured by emulation (${run.measuredOn}): ${(result.error as Error).message.split('\n')[0]?.slice(0, 300)}`,
    );
  }
  const references = answered.references.map((answer) => ({
    reference: { kind: answer.kind, description: answer.description },
    outputs: answer.outputs,
  }));
  // The source framework (LiteRT / TensorFlow) judges the precision paths; OpenVINO's frontend only when alone.
  const primary = references.find(({ reference }) => reference.kind !== 'openvino-frontend') ?? references[0];

  const precisionPaths: PrecisionPath[] = [];
  if (options.quantized && primary) {
    runs.forEach((run, index) => {
      const result = compare(options, runOutputs[index] as NumericOutput[], primary.outputs);
      precisionPaths.push({
        cpuClass: run.cpuClass,
        lowPrecision: run.lowPrecision,
        config: run.config,
        measuredOn: run.measuredOn,
        metrics: finiteMetrics(result.metrics),
        passed: result.passed,
      });
    });
  }
  const provisional = {
    conversion: { quantized: options.quantized },
    validation: { precisionPaths },
  } as unknown as Manifest;
  const decide = (cpu: CpuFeatures) =>
    chooseCpuPrecision({ cpu, manifest: provisional, lowPrecision: options.lowPrecision ?? 'auto' });
  const here = decide(options.cpu);
  const loadedIndex = runs.findIndex((run) => !run.environment && run.lowPrecision === here.lowPrecision);
  const loadedRun = runs[Math.max(loadedIndex, 0)] as IrRun;
  const loadedOutputs = runOutputs[Math.max(loadedIndex, 0)] as NumericOutput[];

  const records: ValidationRecord['references'] = [];
  const failures: ValidationFailure[] = [];
  const messages: string[] = [];
  for (const { reference, outputs } of references) {
    const result = compare(options, loadedOutputs, outputs);
    records.push({
      kind: reference.kind,
      description: reference.description,
      maxAbsDiff: finiteMetrics(result.metrics).maxAbsDiff ?? 0,
      ...(result.metrics.top1Agreement === undefined ? {} : { top1Agreement: result.metrics.top1Agreement }),
      ...(options.maxAbsDiff === undefined ? {} : { threshold: options.maxAbsDiff }),
      passed: result.passed,
      metrics: finiteMetrics(result.metrics),
      limits: result.limits,
    });
    if (!result.passed) {
      failures.push({
        reference: reference.kind,
        output: result.worstOutput,
        maxAbsDiff: result.metrics.maxAbsDiff ?? Number.POSITIVE_INFINITY,
        threshold: options.maxAbsDiff ?? Number.NaN,
        metrics: result.failures,
      });
      messages.push(
        `The converted IR, run as it will load on this CPU (${JSON.stringify({ ...loadedRun.config })}), does not match the ${reference.kind} reference (${reference.description}): ${result.failures.join('; ')}.`,
      );
    }
  }
  // The other CPU class, when measured: the path the runtime will choose there must pass too.
  if (options.quantized && here.cpuClass === 'int8-exact') {
    const saturating = decide({ ...options.cpu, int8: 'saturating' });
    const path = precisionPaths.find(
      (candidate) => candidate.cpuClass === 'int8-saturating' && candidate.lowPrecision === saturating.lowPrecision,
    );
    if (path && !path.passed) {
      failures.push({
        reference: primary?.reference.kind ?? 'reference',
        output: '',
        maxAbsDiff: path.metrics.maxAbsDiff ?? Number.POSITIVE_INFINITY,
        threshold: options.maxAbsDiff ?? Number.NaN,
        metrics: [`int8-saturating CPUs (${path.measuredOn}), low precision ${path.lowPrecision}`],
      });
      messages.push(
        `On CPUs without VNNI/AMX (measured with ${path.measuredOn}) the runtime would run this model with low precision ${path.lowPrecision}, and that path does not match the reference: ${JSON.stringify(path.metrics)}.`,
      );
    }
  }
  if (failures.length > 0) {
    throw new ValidationError(
      `${messages.join('\n')}\nNothing was published. Pass looser limits (e.g. --max-abs-diff, or metricLimits in the API) if this is expected, or convert with --no-fp16.`,
      { code: 'ERR_VALIDATION_THRESHOLD', failures },
    );
  }
  const { isa, isaLimit, int8, model } = options.cpu;
  return {
    record: {
      references: records,
      inputSeed: seed,
      cpu: { model, isa, int8, ...(isaLimit ? { isaLimit } : {}) },
      compile: { device: 'CPU', config: { ...loadedRun.config } },
      ...(precisionPaths.length > 0 ? { precisionPaths } : {}),
    },
    irOutputs: loadedOutputs,
    referenceOutputs: primary?.outputs,
  };
}
