/** The CPU precision API users need (the rest is on `@hubvino/runtime/task-support`). */
export { type CpuClass, type CpuFeatures, readCpuFeatures } from './cpu-features.js';
export {
  type CpuPrecisionDecision,
  type CpuPrecisionOptions,
  chooseCpuPrecision,
  type InferencePrecision,
  type LowPrecisionMode,
} from './cpu-precision.js';
