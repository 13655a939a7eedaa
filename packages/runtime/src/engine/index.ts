export { InProcessEngine } from './in-process-engine.js';
export type { EnginePort, EngineTensor, InferenceEngine, InferenceLocation } from './inference-engine.js';
export { RemoteEngine } from './remote-engine.js';
