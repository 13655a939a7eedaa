import { readFileSync } from 'node:fs';
import type { Core } from '../core.js';

/**
 * What a CPU can do that changes OpenVINO's numbers, as hubvino records it (manifest `validation.cpu`)
 * and decides precision by it ({@link chooseCpuPrecision}).
 *
 * - `int8`: `exact` when the CPU has VNNI (`avx512_vnni`, `avx_vnni`) or AMX-INT8: 8-bit dot products
 *   accumulate into 32 bits. `saturating` otherwise: OpenVINO's u8 convolutions then go through
 *   `vpmaddubsw`, whose 16-bit intermediate sums saturate (OpenVINO documents this as the
 *   "saturation (overflow) issue" on AVX2 and AVX-512 without VNNI). Measured on Magenta's style
 *   prediction model (36 of 53 convolutions in u8): bottleneck max |diff| vs TF Lite 0.557 on the
 *   saturating path, 0.020 with VNNI or with low-precision transformations off.
 * - `bf16`: OpenVINO's CPU plugin computes in bf16 by default when it lists `BF16` in
 *   `OPTIMIZATION_CAPABILITIES` (AVX512-BF16 / AMX CPUs).
 */
export interface CpuFeatures {
  /** `/proc/cpuinfo` model name, else OpenVINO's `FULL_DEVICE_NAME`. */
  model: string;
  /** ISA extensions that matter to OpenVINO's CPU kernels. */
  isa: { avx2: boolean; avx512: boolean; vnni: boolean; amx: boolean; bf16: boolean };
  /** `ONEDNN_MAX_CPU_ISA` when set: oneDNN (inside OpenVINO's CPU plugin) uses no ISA above it. */
  isaLimit: string | undefined;
  /** Whether 8-bit dot products are exact on this CPU (after `isaLimit`). */
  int8: 'exact' | 'saturating';
  /** OpenVINO's `OPTIMIZATION_CAPABILITIES` of the CPU device, when read. */
  optimizationCapabilities: string[];
}

/** The CPU class a precision path belongs to: where 8-bit dot products are exact, or saturate. */
export type CpuClass = 'int8-exact' | 'int8-saturating';

export function cpuClassOf(features: Pick<CpuFeatures, 'int8'>): CpuClass {
  return features.int8 === 'exact' ? 'int8-exact' : 'int8-saturating';
}

/**
 * oneDNN ISA names (`ONEDNN_MAX_CPU_ISA`) in rising order; the ones at or above `AVX2_VNNI` have
 * exact 8-bit dot products. `AVX512_CORE_VNNI`, `AVX512_CORE_BF16`, `AVX512_CORE_AMX`… keep VNNI.
 */
const ISA_ORDER = [
  'SSE41',
  'AVX',
  'AVX2',
  'AVX2_VNNI',
  'AVX2_VNNI_2',
  'AVX512_CORE',
  'AVX512_CORE_VNNI',
  'AVX512_CORE_BF16',
  'AVX10_1_512',
  'AVX512_CORE_FP16',
  'AVX512_CORE_AMX',
  'AVX10_1_512_AMX',
  'AVX512_CORE_AMX_FP16',
  'AVX10_1_512_AMX_FP16',
  'AVX10_2_512',
  'AVX10_2_512_AMX_2',
  'ALL',
] as const;

/** True when the oneDNN ISA limit still allows VNNI (unknown names are treated as no limit). */
export function isaLimitKeepsVnni(limit: string): boolean {
  const index = ISA_ORDER.indexOf(limit.toUpperCase() as (typeof ISA_ORDER)[number]);
  if (index < 0) return true;
  return limit.toUpperCase() !== 'AVX512_CORE' && index >= ISA_ORDER.indexOf('AVX2_VNNI');
}

/** True when the oneDNN ISA limit still allows bf16 kernels (unknown names: no limit). */
export function isaLimitKeepsBf16(limit: string): boolean {
  const index = ISA_ORDER.indexOf(limit.toUpperCase() as (typeof ISA_ORDER)[number]);
  return index < 0 || index >= ISA_ORDER.indexOf('AVX512_CORE_BF16');
}

/** Parses `/proc/cpuinfo` text (first processor) into a model name and flag set. */
export function parseCpuinfo(text: string): { model: string | undefined; flags: Set<string> } {
  const model = /^model name\s*:\s*(.+)$/m.exec(text)?.[1]?.trim();
  const flags = new Set((/^flags\s*:\s*(.+)$/m.exec(text)?.[1] ?? '').trim().split(/\s+/).filter(Boolean));
  return { model, flags };
}

/** Builds {@link CpuFeatures} from the facts (pure: tests pass their own). */
export function cpuFeaturesFrom(facts: {
  cpuinfo: string | undefined;
  isaLimit: string | undefined;
  optimizationCapabilities?: string[];
  fullDeviceName?: string;
}): CpuFeatures {
  const { model, flags } = parseCpuinfo(facts.cpuinfo ?? '');
  const capabilities = facts.optimizationCapabilities ?? [];
  const limit = facts.isaLimit?.trim() || undefined;
  const vnni = flags.has('avx512_vnni') || flags.has('avx_vnni');
  const amx = flags.has('amx_int8') || flags.has('amx_tile');
  const exactHardware = vnni || flags.has('amx_int8');
  const avx2VnniOnly = limit !== undefined && /^AVX2_VNNI/i.test(limit);
  const exact =
    exactHardware && (limit === undefined || (avx2VnniOnly ? flags.has('avx_vnni') : isaLimitKeepsVnni(limit)));
  return {
    model: model ?? facts.fullDeviceName ?? 'unknown CPU',
    isa: {
      avx2: flags.has('avx2'),
      avx512: flags.has('avx512f'),
      vnni,
      amx,
      bf16: flags.has('avx512_bf16') || flags.has('amx_bf16') || capabilities.includes('BF16'),
    },
    isaLimit: limit,
    int8: exact ? 'exact' : 'saturating',
    optimizationCapabilities: capabilities,
  };
}

function readCpuinfo(): string | undefined {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return undefined;
  }
}

let cached: CpuFeatures | undefined;

/**
 * This machine's {@link CpuFeatures}: `/proc/cpuinfo` flags (Linux), `ONEDNN_MAX_CPU_ISA`, and, when a
 * Core is given, OpenVINO's `OPTIMIZATION_CAPABILITIES` and `FULL_DEVICE_NAME` for the CPU device.
 * Without `/proc/cpuinfo` (not Linux) the int8 path is taken as `saturating`: the safe assumption.
 */
export function readCpuFeatures(core?: Core): CpuFeatures {
  if (cached && (core === undefined || cached.optimizationCapabilities.length > 0)) return cached;
  let optimizationCapabilities: string[] | undefined;
  let fullDeviceName: string | undefined;
  if (core) {
    try {
      optimizationCapabilities = core
        .getProperty('CPU', 'OPTIMIZATION_CAPABILITIES')
        .split(/[\s,]+/)
        .filter(Boolean);
      fullDeviceName = core.getProperty('CPU', 'FULL_DEVICE_NAME');
    } catch {
      // No CPU plugin: keep what /proc/cpuinfo says.
    }
  }
  cached = cpuFeaturesFrom({
    cpuinfo: readCpuinfo(),
    isaLimit: process.env.ONEDNN_MAX_CPU_ISA ?? process.env.DNNL_MAX_CPU_ISA,
    ...(optimizationCapabilities ? { optimizationCapabilities } : {}),
    ...(fullDeviceName ? { fullDeviceName } : {}),
  });
  return cached;
}
