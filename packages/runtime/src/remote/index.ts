export { RemoteEngine } from '../engine/remote-engine.js';
export {
  type DecodedInferResponse,
  decodeInferResponse,
  type EncodedInferRequest,
  encodeInferRequest,
  INFERENCE_HEADER_CONTENT_LENGTH,
} from './binary-tensor-codec.js';
export { KServeClient, type KServeClientOptions } from './kserve-client.js';
export { datatypeOfElementType, elementTypeOfDatatype, type KServeDatatype } from './kserve-datatype.js';
export {
  KSERVE_SERVER_SCRIPT,
  type KServeModelServer,
  type KServeModelServerOptions,
  startKServeModelServer,
} from './kserve-model-server.js';
export { RemoteModel, type RemoteModelOptions } from './remote-model.js';
export type { RemoteModelMetadata, RemotePort, RemoteTensor } from './remote-tensor.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelayMs } from './retry-policy.js';
