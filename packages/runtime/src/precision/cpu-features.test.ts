import { describe, expect, it } from 'vitest';
import { cpuFeaturesFrom, isaLimitKeepsBf16, isaLimitKeepsVnni, parseCpuinfo } from './cpu-features.js';

// Flag lines as Linux prints them: this workspace's Xeon (AVX-512, VNNI, AMX, BF16) and an AMD EPYC
// with AVX2 only (the CI machine the issue describes).
const xeon = `processor\t: 0
model name\t: Intel(R) Xeon(R) Processor
flags\t\t: fpu sse4_2 avx avx2 fma avx512f avx512bw avx512vl avx_vnni avx512_bf16 avx512_vnni amx_bf16 amx_tile amx_int8
`;
const epyc = `processor\t: 0
model name\t: AMD EPYC 7B13
flags\t\t: fpu sse4_2 avx avx2 fma bmi2
`;
const avx512NoVnni = `model name\t: Intel(R) Xeon(R) Gold 6148\nflags\t\t: avx2 avx512f avx512bw avx512vl\n`;

describe('cpuFeaturesFrom', () => {
  it('finds exact int8 (VNNI/AMX) and bf16 on the Xeon', () => {
    const features = cpuFeaturesFrom({ cpuinfo: xeon, isaLimit: undefined });
    expect(features).toMatchObject({
      model: 'Intel(R) Xeon(R) Processor',
      isa: { avx2: true, avx512: true, vnni: true, amx: true, bf16: true },
      int8: 'exact',
    });
  });

  it('finds saturating int8 on AVX2-only and on AVX-512 without VNNI', () => {
    expect(cpuFeaturesFrom({ cpuinfo: epyc, isaLimit: undefined })).toMatchObject({
      model: 'AMD EPYC 7B13',
      isa: { avx2: true, avx512: false, vnni: false, amx: false, bf16: false },
      int8: 'saturating',
    });
    expect(cpuFeaturesFrom({ cpuinfo: avx512NoVnni, isaLimit: undefined }).int8).toBe('saturating');
  });

  it('honours ONEDNN_MAX_CPU_ISA: AVX2 or AVX512_CORE make int8 saturating, AVX512_CORE_VNNI keeps it exact', () => {
    expect(cpuFeaturesFrom({ cpuinfo: xeon, isaLimit: 'AVX2' }).int8).toBe('saturating');
    expect(cpuFeaturesFrom({ cpuinfo: xeon, isaLimit: 'avx512_core' }).int8).toBe('saturating');
    expect(cpuFeaturesFrom({ cpuinfo: xeon, isaLimit: 'AVX512_CORE_VNNI' }).int8).toBe('exact');
    expect(cpuFeaturesFrom({ cpuinfo: xeon, isaLimit: 'AVX2_VNNI' }).int8).toBe('exact');
    expect(cpuFeaturesFrom({ cpuinfo: xeon, isaLimit: 'AVX2' }).isaLimit).toBe('AVX2');
    expect([
      isaLimitKeepsVnni('AVX2'),
      isaLimitKeepsVnni('AVX512_CORE_AMX'),
      isaLimitKeepsVnni('SOMETHING_NEW'),
    ]).toEqual([false, true, true]);
    expect([
      isaLimitKeepsBf16('AVX2'),
      isaLimitKeepsBf16('AVX512_CORE_VNNI'),
      isaLimitKeepsBf16('AVX512_CORE_AMX'),
    ]).toEqual([false, false, true]);
  });

  it('assumes saturating int8 without /proc/cpuinfo and takes the name from OpenVINO', () => {
    const features = cpuFeaturesFrom({
      cpuinfo: undefined,
      isaLimit: undefined,
      optimizationCapabilities: ['FP32', 'INT8', 'BF16'],
      fullDeviceName: 'Some CPU',
    });
    expect(features).toMatchObject({ model: 'Some CPU', int8: 'saturating', isa: { bf16: true } });
  });

  it('parses the first processor of /proc/cpuinfo', () => {
    const { model, flags } = parseCpuinfo(`${epyc}\n${xeon}`);
    expect(model).toBe('AMD EPYC 7B13');
    expect(flags.has('avx512f')).toBe(false);
  });
});
