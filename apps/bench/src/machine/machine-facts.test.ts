import { describe, expect, it } from 'vitest';
import { parseCpuInfo } from './machine-facts.js';

const twoSocketInfo = `processor\t: 0
model name\t: Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz
physical id\t: 0
cpu cores\t: 32
flags\t\t: fpu sse avx2 avx512f avx512_vnni amx_bf16 amx_int8

processor\t: 1
model name\t: Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz
physical id\t: 1
cpu cores\t: 32
flags\t\t: fpu sse avx2 avx512f avx512_vnni amx_bf16 amx_int8
`;

describe('parseCpuInfo', () => {
  it('reads the model, physical cores over all sockets and the vector extensions', () => {
    expect(parseCpuInfo(twoSocketInfo)).toEqual({
      cpuModel: 'Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz',
      physicalCores: 64,
      instructionSets: ['avx2', 'avx512f', 'avx512_vnni', 'amx_bf16', 'amx_int8'],
    });
  });

  it('returns unknowns for text without cpuinfo fields', () => {
    expect(parseCpuInfo('')).toEqual({ cpuModel: undefined, physicalCores: undefined, instructionSets: [] });
  });
});
