import { debuglog } from 'node:util';
import type { Manifest } from '../artifact/manifest.js';
import { ArgumentError } from '../errors/argument-error.js';
import type { PropertyMap } from '../properties.js';
import { type CpuClass, type CpuFeatures, cpuClassOf, isaLimitKeepsBf16 } from './cpu-features.js';

/**
 * Whether OpenVINO's CPU plugin may run quantized models in u8/i8 (its low-precision
 * transformations, the default) or must run them in floating point (`LP_TRANSFORMS_MODE: NO`):
 * `auto` (default) decides by CPU and manifest ({@link chooseCpuPrecision}); `on` / `off` force it.
 */
export type LowPrecisionMode = 'auto' | 'on' | 'off';
export const LOW_PRECISION_MODES: readonly LowPrecisionMode[] = ['auto', 'on', 'off'];

/**
 * The CPU plugin's inference precision: `auto` keeps the artifact's / task's / plugin's choice
 * (bf16 on CPUs with AVX512-BF16 or AMX), others set `INFERENCE_PRECISION_HINT`.
 */
export type InferencePrecision = 'auto' | 'f32' | 'bf16' | 'f16';
export const INFERENCE_PRECISIONS: readonly InferencePrecision[] = ['auto', 'f32', 'bf16', 'f16'];

/** The property that turns the CPU plugin's low-precision transformations off (2026.4.1 accepts it). */
export const LOW_PRECISION_OFF_CONFIG: Readonly<Record<string, string>> = Object.freeze({ LP_TRANSFORMS_MODE: 'NO' });

/** What {@link chooseCpuPrecision} decided, and why (for logs and `LoadedArtifact.precision`). */
export interface CpuPrecisionDecision {
  lowPrecision: 'on' | 'off';
  /** The CPU class of this machine. */
  cpuClass: CpuClass;
  /** One sentence: which path and why. */
  reason: string;
  /** Properties to merge into the compile config (under the caller's own). */
  config: Record<string, string>;
}

export interface CpuPrecisionOptions {
  cpu: CpuFeatures;
  /** The artifact's manifest, when there is one (its `conversion.quantized` and `validation.precisionPaths`). */
  manifest?: Manifest | undefined;
  /** Device compiled for: the decision only applies to `CPU`. */
  device?: string;
  lowPrecision?: LowPrecisionMode;
  inferencePrecision?: InferencePrecision;
}

/** Checks a `lowPrecision` option. */
export function checkLowPrecisionMode(value: unknown, argument = 'lowPrecision'): LowPrecisionMode {
  if (value === undefined) return 'auto';
  if (!LOW_PRECISION_MODES.includes(value as LowPrecisionMode)) {
    throw new ArgumentError(`'${argument}' must be one of auto, on, off (got ${JSON.stringify(value)})`, { argument });
  }
  return value as LowPrecisionMode;
}

/** Checks an `inferencePrecision` option. */
export function checkInferencePrecision(value: unknown, argument = 'inferencePrecision'): InferencePrecision {
  if (value === undefined) return 'auto';
  if (!INFERENCE_PRECISIONS.includes(value as InferencePrecision)) {
    throw new ArgumentError(`'${argument}' must be one of auto, f32, bf16, f16 (got ${JSON.stringify(value)})`, {
      argument,
    });
  }
  return value as InferencePrecision;
}

/**
 * Decides the CPU precision path of a model.
 *
 * `auto`:
 * - on a CPU with exact 8-bit dot products (VNNI / AMX): low precision stays **on** (OpenVINO's
 *   default and fastest), unless the manifest measured that path failing and the off path passing;
 * - on a CPU without them (AVX2, AVX-512 without VNNI): low precision is **off**, unless the manifest
 *   records that the saturating u8 path passed validation for this model. For a float model `off`
 *   changes nothing; for a quantized one it runs the convolutions in f32 (Magenta's prediction model:
 *   bottleneck max |diff| vs TF Lite 0.557 → 0.020; MobileNetV2 uint8 latency within noise).
 *
 * `on` / `off` force the path (tests use them to check both paths on any CPU).
 */
export function chooseCpuPrecision(options: CpuPrecisionOptions): CpuPrecisionDecision {
  const mode = checkLowPrecisionMode(options.lowPrecision);
  const precision = checkInferencePrecision(options.inferencePrecision);
  const cpuClass = cpuClassOf(options.cpu);
  const device = (options.device ?? 'CPU').toUpperCase();
  const precisionConfig: Record<string, string> = precision === 'auto' ? {} : { INFERENCE_PRECISION_HINT: precision };
  // Under an ISA limit below AVX512_CORE_BF16 (emulating an older CPU), OpenVINO still sees bf16 and
  // would compile a bf16 graph oneDNN then refuses ("object is not initialized"): use f32, as that CPU would.
  if (
    precision === 'auto' &&
    options.cpu.isaLimit &&
    options.cpu.isa.bf16 &&
    !isaLimitKeepsBf16(options.cpu.isaLimit)
  ) {
    precisionConfig.INFERENCE_PRECISION_HINT = 'f32';
  }
  const decide = (lowPrecision: 'on' | 'off', reason: string): CpuPrecisionDecision => ({
    lowPrecision,
    cpuClass,
    reason,
    config: { ...(lowPrecision === 'off' && device === 'CPU' ? LOW_PRECISION_OFF_CONFIG : {}), ...precisionConfig },
  });
  if (device !== 'CPU') return decide('on', `device ${device}: low-precision choice applies to CPU only`);
  if (mode !== 'auto') return decide(mode, `low precision forced ${mode} by the lowPrecision option`);
  const paths = options.manifest?.validation?.precisionPaths ?? [];
  const measured = (lowPrecision: 'on' | 'off') =>
    paths.find((path) => path.cpuClass === cpuClass && path.lowPrecision === lowPrecision);
  if (options.manifest?.conversion.quantized === false) {
    return decide('on', 'the model is not quantized: low-precision transformations do not change it');
  }
  if (cpuClass === 'int8-exact') {
    const on = measured('on');
    if (on && !on.passed && measured('off')?.passed) {
      return decide('off', 'this CPU has VNNI/AMX, but the manifest records the u8 path failing validation');
    }
    return decide('on', 'this CPU has exact 8-bit dot products (VNNI/AMX): u8 kernels are accurate');
  }
  if (measured('on')?.passed) {
    return decide('on', 'no VNNI/AMX on this CPU, but the manifest records the saturating u8 path passing validation');
  }
  return decide(
    'off',
    'no VNNI/AMX on this CPU: u8 dot products can saturate, so quantized layers run in floating point (LP_TRANSFORMS_MODE NO)',
  );
}

const log = debuglog('hubvino');

/**
 * Merges a decision under the manifest's and the caller's configs (the caller wins; an explicit
 * `LP_TRANSFORMS_MODE` in either is kept) and logs the path taken (`NODE_DEBUG=hubvino`).
 */
export function applyCpuPrecision(
  decision: CpuPrecisionDecision,
  config: PropertyMap,
  what: string,
): Record<string, string | number | boolean> {
  log('%s: low precision %s (%s); %s', what, decision.lowPrecision, decision.cpuClass, decision.reason);
  return { ...decision.config, ...config };
}

/**
 * The compile config for a model file without a manifest (`fromModelFile(s)`): the caller's config
 * with this CPU's decision under it.
 */
export function cpuCompileConfig(
  cpu: CpuFeatures,
  options: {
    device?: string | undefined;
    config?: PropertyMap | undefined;
    lowPrecision?: LowPrecisionMode | undefined;
  },
  what: string,
): { config: Record<string, string | number | boolean>; decision: CpuPrecisionDecision } {
  const decision = chooseCpuPrecision({
    cpu,
    device: options.device ?? 'CPU',
    lowPrecision: checkLowPrecisionMode(options.lowPrecision),
  });
  return { config: applyCpuPrecision(decision, options.config ?? {}, what), decision };
}
