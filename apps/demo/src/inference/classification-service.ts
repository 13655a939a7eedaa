/** One class of a classification, best first. */
export interface Prediction {
  /** The class's label (e.g. `military uniform`). */
  label: string;
  /** Its probability, 0 to 1. */
  score: number;
  /** Its index in the model's output. */
  index: number;
}

/** Milliseconds spent in each step of one classification, measured on the server. */
export interface ClassificationTimings {
  /** Reading and decoding the image into pixels (and bringing it to the model's input). */
  decodeMs: number;
  /** Running the compiled model and turning its output into predictions. */
  inferenceMs: number;
  /** Everything, including waiting for the device's compiled model. */
  totalMs: number;
}

/** The model the demo serves. */
export interface ServedModel {
  /** Its name in the model repository. */
  name: string;
  /** Its published version. */
  version: number;
  /** The manifest's task, e.g. `image-classification`. */
  task: string;
  /** Where it was converted from (the handle or path recorded in its manifest). */
  source: string;
  /** The version folder. */
  directory: string;
}

/** Where a classification ran: OpenVINO in the demo's process, or a KServe v2 server. */
export interface InferenceSite {
  kind: 'in-process' | 'remote';
  /** For people: `CPU (in-process)`, `mobilenet_v2 version 1 at http://127.0.0.1:8000`. */
  description: string;
  /** The server's endpoint, for `remote`. */
  endpoint?: string;
  /** The server software (`kserve 0.21.0`), for `remote`. */
  server?: string;
}

/** The result of classifying one image. */
export interface ClassificationResult {
  model: { name: string; version: number };
  /** The device the model ran on, as requested (`CPU`, `AUTO`, ...); the endpoint for a remote model. */
  device: string;
  /** Where the inference ran. */
  location: InferenceSite;
  openvinoVersion: string;
  predictions: Prediction[];
  timings: ClassificationTimings;
}

/** What the page needs to know before the first upload. */
export interface DemoInfo {
  model: ServedModel;
  /** OpenVINO's version, e.g. `2026.4.1`. */
  openvinoVersion: string;
  /** Its full build number, e.g. `2026.4.1-22982-e213a147257-releases/2026/4`. */
  openvinoBuild: string;
  /** Devices a request may pick: what OpenVINO reports, plus `AUTO`. */
  devices: string[];
  defaultDevice: string;
  /** Where classifications run (a remote service has one "device": its endpoint). */
  location: InferenceSite;
}

/** Options of one classification. */
export interface ClassifyOptions {
  /** A device from {@link DemoInfo.devices}; the default device when omitted. */
  device?: string;
  /** How many classes to return (default 5). */
  topK?: number;
}

/**
 * Classification as the demo's server and CLI use it. The implementation composes
 * `@hubvino/runtime`; the server depends only on this interface.
 */
export interface ClassificationService {
  /** The model, the OpenVINO version and the devices. */
  info(): DemoInfo;
  /**
   * Classifies an encoded image (bytes) or an image file (path).
   * @throws ArgumentError for an unknown device or a bad `topK`; the runtime's image errors for bad images.
   */
  classify(image: Buffer | string, options?: ClassifyOptions): Promise<ClassificationResult>;
  /** Disposes every compiled model; later calls throw. */
  dispose(): Promise<void>;
}
