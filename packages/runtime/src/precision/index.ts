export {
  type CpuClass,
  type CpuFeatures,
  cpuClassOf,
  cpuFeaturesFrom,
  isaLimitKeepsBf16,
  isaLimitKeepsVnni,
  parseCpuinfo,
  readCpuFeatures,
} from './cpu-features.js';
export {
  applyCpuPrecision,
  type CpuPrecisionDecision,
  type CpuPrecisionOptions,
  checkInferencePrecision,
  checkLowPrecisionMode,
  chooseCpuPrecision,
  cpuCompileConfig,
  INFERENCE_PRECISIONS,
  type InferencePrecision,
  LOW_PRECISION_MODES,
  LOW_PRECISION_OFF_CONFIG,
  type LowPrecisionMode,
} from './cpu-precision.js';
export {
  type InferInChildProcessOptions,
  type IsolatedOutput,
  inferInChildProcess,
  SATURATING_INT8_EMULATION,
} from './isolated-infer.js';
