import { describe, expect, it } from 'vitest';
import type { Manifest } from '../artifact/manifest.js';
import { ArgumentError } from '../errors/argument-error.js';
import { cpuFeaturesFrom } from './cpu-features.js';
import { chooseCpuPrecision, cpuCompileConfig } from './cpu-precision.js';

const exact = cpuFeaturesFrom({
  cpuinfo: 'model name : X\nflags : avx2 avx512f avx512_vnni amx_int8 avx512_bf16',
  isaLimit: undefined,
});
const saturating = cpuFeaturesFrom({ cpuinfo: 'model name : Y\nflags : avx2', isaLimit: undefined });
const emulated = cpuFeaturesFrom({
  cpuinfo: 'model name : X\nflags : avx2 avx512f avx512_vnni amx_int8 avx512_bf16',
  isaLimit: 'AVX2',
});

function manifestWith(
  paths: { cpuClass: 'int8-exact' | 'int8-saturating'; lowPrecision: 'on' | 'off'; passed: boolean }[],
  quantized = true,
) {
  return {
    conversion: { quantized },
    validation: {
      precisionPaths: paths.map((path) => ({ ...path, config: {}, measuredOn: 'native', metrics: {} })),
    },
  } as unknown as Manifest;
}

describe('chooseCpuPrecision', () => {
  it('keeps low precision on where 8-bit dot products are exact', () => {
    const decision = chooseCpuPrecision({ cpu: exact });
    expect(decision).toMatchObject({ lowPrecision: 'on', cpuClass: 'int8-exact', config: {} });
  });

  it('turns it off (LP_TRANSFORMS_MODE NO) without VNNI/AMX when nothing says the u8 path is accurate', () => {
    expect(chooseCpuPrecision({ cpu: saturating })).toMatchObject({
      lowPrecision: 'off',
      cpuClass: 'int8-saturating',
      config: { LP_TRANSFORMS_MODE: 'NO' },
    });
    // Magenta's prediction part: the saturating u8 path failed validation.
    const manifest = manifestWith([{ cpuClass: 'int8-saturating', lowPrecision: 'on', passed: false }]);
    expect(chooseCpuPrecision({ cpu: saturating, manifest }).lowPrecision).toBe('off');
  });

  it('keeps it on without VNNI when the manifest records the saturating u8 path passing', () => {
    const manifest = manifestWith([{ cpuClass: 'int8-saturating', lowPrecision: 'on', passed: true }]);
    expect(chooseCpuPrecision({ cpu: saturating, manifest }).lowPrecision).toBe('on');
  });

  it('turns it off on a VNNI CPU only when the manifest shows on failing and off passing there', () => {
    const manifest = manifestWith([
      { cpuClass: 'int8-exact', lowPrecision: 'on', passed: false },
      { cpuClass: 'int8-exact', lowPrecision: 'off', passed: true },
    ]);
    expect(chooseCpuPrecision({ cpu: exact, manifest }).lowPrecision).toBe('off');
  });

  it('leaves models the manifest calls unquantized alone', () => {
    expect(chooseCpuPrecision({ cpu: saturating, manifest: manifestWith([], false) })).toMatchObject({
      lowPrecision: 'on',
      config: {},
    });
  });

  it('obeys lowPrecision on/off and inferencePrecision whatever the CPU', () => {
    expect(chooseCpuPrecision({ cpu: saturating, lowPrecision: 'on' }).config).toEqual({});
    expect(chooseCpuPrecision({ cpu: exact, lowPrecision: 'off' }).config).toEqual({ LP_TRANSFORMS_MODE: 'NO' });
    expect(chooseCpuPrecision({ cpu: exact, inferencePrecision: 'f32' }).config).toEqual({
      INFERENCE_PRECISION_HINT: 'f32',
    });
    expect(chooseCpuPrecision({ cpu: exact, lowPrecision: 'off', device: 'GPU' }).config).toEqual({});
  });

  it('compiles in f32 under an ISA limit below bf16 (the emulated AVX2 CPU), as that CPU would', () => {
    expect(chooseCpuPrecision({ cpu: emulated }).config).toEqual({
      LP_TRANSFORMS_MODE: 'NO',
      INFERENCE_PRECISION_HINT: 'f32',
    });
  });

  it('puts the caller config over the decision', () => {
    const { config } = cpuCompileConfig(
      saturating,
      { config: { LP_TRANSFORMS_MODE: 'YES', PERFORMANCE_HINT: 'LATENCY' } },
      'test',
    );
    expect(config).toEqual({ LP_TRANSFORMS_MODE: 'YES', PERFORMANCE_HINT: 'LATENCY' });
  });

  it('rejects an unknown lowPrecision or inferencePrecision with ArgumentError naming it', () => {
    expect(() => chooseCpuPrecision({ cpu: exact, lowPrecision: 'maybe' as 'on' })).toThrow(ArgumentError);
    expect(() => chooseCpuPrecision({ cpu: exact, lowPrecision: 'maybe' as 'on' })).toThrow(/'lowPrecision'/);
    expect(() => chooseCpuPrecision({ cpu: exact, inferencePrecision: 'f8' as 'f32' })).toThrow(/'inferencePrecision'/);
  });
});
