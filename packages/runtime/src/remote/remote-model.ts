import { ArgumentError } from '../errors/argument-error.js';
import { DisposedError } from '../errors/disposed-error.js';
import { RemoteModelError } from '../errors/remote-model-error.js';
import { RemoteProtocolError } from '../errors/remote-protocol-error.js';
import { KServeClient, type KServeClientOptions } from './kserve-client.js';
import type { RemoteModelMetadata, RemotePort, RemoteTensor } from './remote-tensor.js';

/** Where a served model is: the server, the model's name and (optionally) its version. */
export interface RemoteModelOptions extends KServeClientOptions {
  /** The KServe v2 server, e.g. `http://127.0.0.1:8000`. */
  endpoint: string;
  /** The served model's name. */
  model: string;
  /** The version to use (default: whichever the server serves by default, normally its newest). */
  version?: number;
}

/**
 * One model served by a KServe v2 server (OpenVINO Model Server, KServe, Triton, the kserve
 * ModelServer): the remote counterpart of a compiled model. `connect` checks that the server and the
 * model are ready and reads the model's metadata; `infer` sends named tensors and returns the
 * outputs by name. Disposing closes the connection pool.
 */
export class RemoteModel implements Disposable {
  readonly #client: KServeClient;
  readonly #metadata: RemoteModelMetadata;
  readonly #version: number | undefined;
  readonly #server: { name: string; version: string };
  #disposed = false;

  private constructor(
    client: KServeClient,
    metadata: RemoteModelMetadata,
    version: number | undefined,
    server: { name: string; version: string },
  ) {
    this.#client = client;
    this.#metadata = metadata;
    this.#version = version;
    this.#server = server;
  }

  /**
   * Connects to a served model: server ready, model (version) ready, metadata read.
   * @throws ArgumentError for bad options; RemoteUnavailableError / RemoteTimeoutError when the
   *   server cannot be reached; RemoteModelError when it does not serve the model (version) or the
   *   model is not ready.
   */
  static async connect(options: RemoteModelOptions): Promise<RemoteModel> {
    if (typeof options !== 'object' || options === null) {
      throw new ArgumentError(`'options' must be { endpoint, model, version? }`, { argument: 'options' });
    }
    const client = new KServeClient(options.endpoint, options);
    try {
      const metadata = await client.modelMetadata(options.model, options.version);
      if (!(await client.modelReady(options.model, options.version))) {
        throw new RemoteModelError(
          `${client.endpoint} serves model '${options.model}' but says it is not ready; wait for it to load, or check the server's log.`,
          { endpoint: client.endpoint, url: `${client.endpoint}/v2/models/${options.model}/ready` },
        );
      }
      const server = await client.serverMetadata();
      return new RemoteModel(client, metadata, options.version, { name: server.name, version: server.version });
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  /** The server, e.g. `http://127.0.0.1:8000`. */
  get endpoint(): string {
    return this.#client.endpoint;
  }

  /** The server software as it names itself (`GET /v2`), e.g. `{ name: 'kserve', version: '0.21.0' }`. */
  get server(): { name: string; version: string } {
    return { ...this.#server };
  }

  /** The served model's name. */
  get name(): string {
    return this.#metadata.name;
  }

  /** The version asked for, if one was. */
  get version(): number | undefined {
    return this.#version;
  }

  /** The model's metadata as the server describes it. */
  get metadata(): RemoteModelMetadata {
    return this.#metadata;
  }

  get inputs(): readonly RemotePort[] {
    return this.#metadata.inputs;
  }

  get outputs(): readonly RemotePort[] {
    return this.#metadata.outputs;
  }

  /** Where inference runs, for people: `mobilenet_v2 version 1 at http://127.0.0.1:8000`. */
  get location(): string {
    return `${this.name}${this.#version === undefined ? '' : ` version ${this.#version}`} at ${this.endpoint}`;
  }

  /**
   * Runs one inference with `inputs` (by input name) and returns every output by name, with the
   * version the server reported.
   * @throws the client's typed errors; RemoteProtocolError when an output the metadata lists is missing.
   */
  async infer(
    inputs: Readonly<Record<string, Omit<RemoteTensor, 'name'>>>,
  ): Promise<{ outputs: Record<string, RemoteTensor>; modelVersion: string | undefined }> {
    if (this.#disposed) throw DisposedError.of('RemoteModel');
    const tensors = Object.entries(inputs).map(([name, tensor]) => ({ ...tensor, name }));
    const response = await this.#client.infer(this.name, this.#version, tensors);
    const outputs: Record<string, RemoteTensor> = {};
    for (const output of response.outputs) outputs[output.name] = output;
    for (const port of this.outputs) {
      if (!outputs[port.name]) {
        throw new RemoteProtocolError(
          `${this.endpoint} answered model '${this.name}' without its output '${port.name}' (got ${response.outputs.map((o) => o.name).join(', ') || 'none'}).`,
          { endpoint: this.endpoint, url: `${this.endpoint}/v2/models/${this.name}/infer` },
        );
      }
    }
    return { outputs, modelVersion: response.modelVersion };
  }

  /** Closes the connection pool; calls in flight are cut. Safe to repeat. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    // Closing cuts calls in flight; a failure to close (already closed sockets) is not the caller's problem.
    this.#client.close().catch(() => undefined);
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}
