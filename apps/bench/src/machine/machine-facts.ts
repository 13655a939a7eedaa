import { readFileSync } from 'node:fs';
import { arch, availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';

/** The facts a benchmark table is meaningless without. */
export interface MachineFacts {
  cpuModel: string;
  /** Logical CPUs this process may use. */
  logicalCores: number;
  /** Physical cores (from /proc/cpuinfo `cpu cores`), when known. */
  physicalCores: number | undefined;
  /** Vector extensions that matter to OpenVINO's CPU plugin (AVX2, AVX-512, VNNI, BF16, AMX). */
  instructionSets: string[];
  memoryGiB: number;
  os: string;
  nodeVersion: string;
  openvinoVersion: string;
  /** 1-minute load average when the run started; above ~0.5 per core means the machine was shared. */
  loadAverageAtStart: number;
}

/** Parses `/proc/cpuinfo` text: model name, physical cores and the relevant instruction-set flags. */
export function parseCpuInfo(text: string): {
  cpuModel: string | undefined;
  physicalCores: number | undefined;
  instructionSets: string[];
} {
  const model = /^model name\s*:\s*(.+)$/m.exec(text)?.[1]?.trim();
  const coresPerSocket = Number(/^cpu cores\s*:\s*(\d+)$/m.exec(text)?.[1]);
  const sockets = new Set([...text.matchAll(/^physical id\s*:\s*(\d+)$/gm)].map((match) => match[1])).size || 1;
  const flags = new Set((/^flags\s*:\s*(.+)$/m.exec(text)?.[1] ?? '').split(/\s+/));
  const interesting = ['avx2', 'avx512f', 'avx512_vnni', 'avx512_bf16', 'amx_bf16', 'amx_int8', 'avx_vnni'];
  return {
    cpuModel: model,
    physicalCores: Number.isFinite(coresPerSocket) && coresPerSocket > 0 ? coresPerSocket * sockets : undefined,
    instructionSets: interesting.filter((flag) => flags.has(flag)),
  };
}

/** Reads the machine facts of this machine. */
export function readMachineFacts(openvinoVersion: string): MachineFacts {
  let cpuInfo = '';
  try {
    cpuInfo = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    cpuInfo = '';
  }
  const parsed = parseCpuInfo(cpuInfo);
  return {
    cpuModel: parsed.cpuModel ?? cpus()[0]?.model ?? 'unknown',
    logicalCores: availableParallelism(),
    physicalCores: parsed.physicalCores,
    instructionSets: parsed.instructionSets,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()} ${arch()}`,
    nodeVersion: process.version,
    openvinoVersion,
    loadAverageAtStart: Math.round(loadavg()[0]! * 100) / 100,
  };
}
