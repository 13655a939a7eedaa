import { RemoteModel, type RemoteModelOptions } from '../remote/remote-model.js';
import type { EnginePort, EngineTensor, InferenceEngine, InferenceLocation } from './inference-engine.js';

/**
 * The remote engine: a model served by a KServe v2 server ({@link RemoteModel}: binary REST,
 * keep-alive, bounded concurrency, time-outs, retries on 503, typed errors). It imports nothing
 * native: a process that only uses remote engines never loads OpenVINO.
 */
export class RemoteEngine implements InferenceEngine {
  readonly location: InferenceLocation;
  readonly #model: RemoteModel;

  private constructor(model: RemoteModel) {
    this.#model = model;
    this.location = {
      kind: 'remote',
      where: model.endpoint,
      model: { name: model.name, version: model.version },
      server: `${model.server.name} ${model.server.version}`.trim(),
      description: model.location,
    };
  }

  /** Connects (server and model ready, metadata read); see {@link RemoteModel.connect}. */
  static async connect(options: RemoteModelOptions): Promise<RemoteEngine> {
    return new RemoteEngine(await RemoteModel.connect(options));
  }

  get inputs(): readonly EnginePort[] {
    return this.#model.inputs;
  }

  get outputs(): readonly EnginePort[] {
    return this.#model.outputs;
  }

  /** The served model's metadata. */
  get model(): RemoteModel {
    return this.#model;
  }

  async infer(inputs: Readonly<Record<string, EngineTensor>>): Promise<Record<string, EngineTensor>> {
    return (await this.#model.infer(inputs)).outputs;
  }

  dispose(): void {
    this.#model.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}
