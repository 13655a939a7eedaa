/**
 * `@hubvino/runtime`: what a user of the runtime needs, one deliberate public module per line (the
 * README's "Public surface" lists and justifies each export). Helpers that the converter, the demo
 * and the bench share with the runtime live on documented subpaths instead: `./artifact`,
 * `./toolchain`, `./task-support`, `./cli`.
 */

export { type LoadArtifactOptions, type LoadedArtifact, loadArtifact } from './artifact/load-artifact.js';
export * from './errors/index.js';
export * from './image/index.js';
export * from './openvino-api.js';
export {
  type CpuFeatures,
  type CpuPrecisionDecision,
  type CpuPrecisionOptions,
  chooseCpuPrecision,
  type InferencePrecision,
  type LowPrecisionMode,
  readCpuFeatures,
} from './precision/index.js';
export * from './tasks/index.js';
