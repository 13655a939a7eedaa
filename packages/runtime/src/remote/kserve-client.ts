import pLimit, { type LimitFunction } from 'p-limit';
import { Agent, request, errors as undiciErrors } from 'undici';
import { ArgumentError } from '../errors/argument-error.js';
import { HubvinoError } from '../errors/hubvino-error.js';
import type { RemoteErrorContext } from '../errors/remote-error-context.js';
import { RemoteModelError } from '../errors/remote-model-error.js';
import { RemoteProtocolError } from '../errors/remote-protocol-error.js';
import { RemoteRequestError } from '../errors/remote-request-error.js';
import { RemoteTimeoutError } from '../errors/remote-timeout-error.js';
import { RemoteUnavailableError } from '../errors/remote-unavailable-error.js';
import {
  type DecodedInferResponse,
  decodeInferResponse,
  encodeInferRequest,
  INFERENCE_HEADER_CONTENT_LENGTH,
} from './binary-tensor-codec.js';
import { elementTypeOfDatatype } from './kserve-datatype.js';
import type { RemoteModelMetadata, RemotePort, RemoteTensor } from './remote-tensor.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelayMs } from './retry-policy.js';

/** Options of {@link KServeClient}. */
export interface KServeClientOptions {
  /** Longest wait for one attempt of one call, connection included (default 30 000 ms). */
  timeoutMs?: number;
  /** Retries with back-off on 503 Service Unavailable and on a refused connection; see {@link RetryPolicy}. */
  retry?: Partial<RetryPolicy>;
  /**
   * Most calls in flight at once (default 16); further calls wait their turn in order, and their
   * time-out starts when they are sent. Also the number of kept-alive connections.
   */
  maxConcurrency?: number;
}

interface CallResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * A client of the KServe v2 inference protocol over HTTP/REST (the "Open Inference Protocol" that
 * OpenVINO Model Server, KServe and Triton speak), with the binary tensor data extension for
 * inference. One keep-alive connection pool (undici Agent) per client; at most `maxConcurrency`
 * calls in flight; every attempt bounded by `timeoutMs`; 503 answers and refused connections
 * retried with jittered exponential back-off. Every failure is a typed error naming the server and
 * the call: {@link RemoteUnavailableError}, {@link RemoteTimeoutError}, {@link RemoteRequestError},
 * {@link RemoteProtocolError}, {@link RemoteModelError}.
 *
 * Versions: `/v2/models/{name}/versions/{v}/...` is used when a version is asked for. Servers that
 * answer those routes with 501 Not Implemented (the `kserve` Python ModelServer) are then called on
 * the unversioned routes, and the version they report (`model_version`, metadata `versions`) is
 * checked against the one asked for.
 */
export class KServeClient {
  /** The endpoint, normalised without a trailing slash, e.g. `http://127.0.0.1:8000`. */
  readonly endpoint: string;
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #agent: Agent;
  readonly #limit: LimitFunction;
  #versionRoutes = true;
  #closed = false;

  constructor(endpoint: string, options: KServeClientOptions = {}) {
    this.endpoint = checkEndpoint(endpoint);
    const timeoutMs = options.timeoutMs ?? 30_000;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new ArgumentError(`'timeoutMs' must be a positive number of milliseconds (got ${String(timeoutMs)})`, {
        argument: 'timeoutMs',
      });
    }
    const maxConcurrency = options.maxConcurrency ?? 16;
    if (!Number.isSafeInteger(maxConcurrency) || maxConcurrency < 1 || maxConcurrency > 1024) {
      throw new ArgumentError(`'maxConcurrency' must be an integer from 1 to 1024 (got ${String(maxConcurrency)})`, {
        argument: 'maxConcurrency',
      });
    }
    const retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    if (!Number.isSafeInteger(retry.retries) || retry.retries < 0 || retry.retries > 20) {
      throw new ArgumentError(`'retry.retries' must be an integer from 0 to 20 (got ${String(retry.retries)})`, {
        argument: 'retry.retries',
      });
    }
    if (!(retry.initialDelayMs >= 0) || !(retry.maxDelayMs >= retry.initialDelayMs)) {
      throw new ArgumentError(`'retry' delays must satisfy 0 <= initialDelayMs <= maxDelayMs`, { argument: 'retry' });
    }
    this.#timeoutMs = timeoutMs;
    this.#retry = retry;
    this.#limit = pLimit(maxConcurrency);
    this.#agent = new Agent({
      connections: maxConcurrency,
      keepAliveTimeout: 30_000,
      connect: { timeout: timeoutMs },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  }

  /** `GET /v2/health/ready`: true when the server says it is ready (false for any non-200 answer). */
  async serverReady(): Promise<boolean> {
    const result = await this.#call('GET', '/v2/health/ready', undefined, { retry: false });
    return result.status === 200;
  }

  /** `GET /v2`: the server's name, version and protocol extensions (e.g. `kserve`, `0.21.0`). */
  async serverMetadata(): Promise<{ name: string; version: string; extensions: string[] }> {
    const result = await this.#call('GET', '/v2', undefined, { retry: true });
    const url = `${this.endpoint}/v2`;
    this.#expectOk(url, result);
    let parsed: { name?: unknown; version?: unknown; extensions?: unknown };
    try {
      parsed = JSON.parse(result.body.toString('utf8'));
    } catch (error) {
      throw new RemoteProtocolError(`${url} answered server metadata that is not JSON (${(error as Error).message}).`, {
        ...this.#context(url, result.status),
      });
    }
    return {
      name: typeof parsed.name === 'string' ? parsed.name : '',
      version: typeof parsed.version === 'string' ? parsed.version : '',
      extensions: Array.isArray(parsed.extensions) ? parsed.extensions.map(String) : [],
    };
  }

  /** `GET /v2/models/{name}[/versions/{v}]/ready`: true when the model is ready to infer. */
  async modelReady(name: string, version?: number): Promise<boolean> {
    const result = await this.#modelCall('GET', name, version, '/ready', undefined, { retry: false });
    return result.status === 200;
  }

  /**
   * `GET /v2/models/{name}[/versions/{v}]`: the model's inputs, outputs and versions.
   * @throws RemoteModelError when the server does not serve it (at that version).
   */
  async modelMetadata(name: string, version?: number): Promise<RemoteModelMetadata> {
    const result = await this.#modelCall('GET', name, version, '', undefined, { retry: true });
    const context = this.#context(result.url, result.status);
    if (result.status === 404 || result.status === 400) {
      throw new RemoteModelError(
        `${this.endpoint} does not serve model '${name}'${version === undefined ? '' : ` version ${version}`} (${result.url} answered ${result.status}: ${serverMessage(result.body) ?? 'no message'}).`,
        { ...context, serverMessage: serverMessage(result.body) },
      );
    }
    this.#expectOk(result.url, result);
    const metadata = parseMetadata(result.body, context);
    if (version !== undefined && metadata.versions.length > 0 && !metadata.versions.includes(String(version))) {
      throw new RemoteModelError(
        `${this.endpoint} serves model '${name}' in version(s) ${metadata.versions.join(', ')}, not version ${version}.`,
        { ...context },
      );
    }
    return metadata;
  }

  /**
   * `POST /v2/models/{name}[/versions/{v}]/infer` with binary tensors; asks for `outputs` by name
   * (every output when empty).
   * @throws the typed errors listed on the class; RemoteModelError when the server answered with
   *   another version than the one asked for.
   */
  async infer(
    name: string,
    version: number | undefined,
    inputs: readonly RemoteTensor[],
    outputs: readonly string[] = [],
  ): Promise<DecodedInferResponse> {
    const encoded = encodeInferRequest(inputs, outputs);
    const headers = {
      'content-type': 'application/octet-stream',
      [INFERENCE_HEADER_CONTENT_LENGTH]: String(encoded.headerLength),
    };
    const result = await this.#modelCall(
      'POST',
      name,
      version,
      '/infer',
      { body: encoded.body, headers },
      { retry: true },
    );
    this.#expectOk(result.url, result);
    const lengthHeader = result.headers[INFERENCE_HEADER_CONTENT_LENGTH];
    const headerLength = lengthHeader === undefined ? undefined : Number(lengthHeader);
    const decoded = decodeInferResponse(result.body, headerLength, this.#context(result.url, result.status));
    if (version !== undefined && decoded.modelVersion !== undefined && decoded.modelVersion !== String(version)) {
      throw new RemoteModelError(
        `${this.endpoint} answered model '${name}' with version ${decoded.modelVersion}, not the version ${version} asked for.`,
        { ...this.#context(result.url, result.status) },
      );
    }
    return decoded;
  }

  /** Closes the kept-alive connections; calls in flight are cut. Safe to repeat. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#agent.destroy();
  }

  async #modelCall(
    method: 'GET' | 'POST',
    name: string,
    version: number | undefined,
    suffix: string,
    payload: { body: Buffer; headers: Record<string, string> } | undefined,
    options: { retry: boolean },
  ): Promise<CallResult & { url: string }> {
    if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
      throw new ArgumentError(`'model' must be a model name such as 'mobilenet_v2' (got ${JSON.stringify(name)})`, {
        argument: 'model',
      });
    }
    if (version !== undefined && (!Number.isSafeInteger(version) || version < 1)) {
      throw new ArgumentError(`'version' must be a positive integer (got ${String(version)})`, { argument: 'version' });
    }
    const base = `/v2/models/${encodeURIComponent(name)}`;
    if (version !== undefined && this.#versionRoutes) {
      const path = `${base}/versions/${version}${suffix}`;
      const result = await this.#call(method, path, payload, options);
      if (result.status !== 501) return { ...result, url: this.endpoint + path };
      // The server has no versioned routes: use the plain ones and check the version it reports.
      this.#versionRoutes = false;
    }
    const path = base + suffix;
    return { ...(await this.#call(method, path, payload, options)), url: this.endpoint + path };
  }

  async #call(
    method: 'GET' | 'POST',
    path: string,
    payload: { body: Buffer; headers: Record<string, string> } | undefined,
    options: { retry: boolean },
  ): Promise<CallResult> {
    if (this.#closed) {
      throw new RemoteUnavailableError(`The client for ${this.endpoint} has been closed; create a new one.`, {
        endpoint: this.endpoint,
        url: this.endpoint + path,
      });
    }
    return this.#limit(async () => {
      const url = this.endpoint + path;
      for (let attempt = 0; ; attempt += 1) {
        const canRetry = options.retry && attempt < this.#retry.retries;
        let result: CallResult;
        try {
          result = await this.#attempt(method, url, payload);
        } catch (error) {
          if (canRetry && RemoteUnavailableError.isInstance(error) && isConnectionRefused(error.cause)) {
            await sleep(retryDelayMs(this.#retry, attempt + 1));
            continue;
          }
          throw error;
        }
        if (result.status === 503 && options.retry) {
          if (canRetry) {
            await sleep(retryDelayMs(this.#retry, attempt + 1, firstHeader(result.headers['retry-after'])));
            continue;
          }
          throw new RemoteUnavailableError(
            `${url} answered 503 Service Unavailable ${attempt + 1} time(s)${serverMessage(result.body) ? ` (${serverMessage(result.body)})` : ''}; the server at ${this.endpoint} is overloaded or still loading.`,
            { ...this.#context(url, 503), serverMessage: serverMessage(result.body) },
          );
        }
        return result;
      }
    });
  }

  async #attempt(
    method: 'GET' | 'POST',
    url: string,
    payload: { body: Buffer; headers: Record<string, string> } | undefined,
  ): Promise<CallResult> {
    const signal = AbortSignal.timeout(this.#timeoutMs);
    try {
      const response = await request(url, {
        method,
        dispatcher: this.#agent,
        signal,
        ...(payload === undefined ? {} : { body: payload.body, headers: payload.headers }),
      });
      const body = Buffer.from(await response.body.arrayBuffer());
      return { status: response.statusCode, headers: response.headers, body };
    } catch (error) {
      throw this.#transportError(url, error, signal);
    }
  }

  #transportError(url: string, error: unknown, signal: AbortSignal): HubvinoError {
    if (HubvinoError.isInstance(error)) return error;
    const context = this.#context(url);
    const code = (error as { code?: string } | null)?.code;
    const timedOut =
      signal.aborted ||
      error instanceof undiciErrors.HeadersTimeoutError ||
      error instanceof undiciErrors.BodyTimeoutError ||
      error instanceof undiciErrors.ConnectTimeoutError;
    if (timedOut) {
      return new RemoteTimeoutError(`${url} did not answer within ${this.#timeoutMs} ms (timeoutMs).`, {
        ...context,
        cause: error,
      });
    }
    const what =
      code === 'ECONNREFUSED'
        ? `nothing listens at ${this.endpoint} (connection refused)`
        : code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE'
          ? `the server at ${this.endpoint} closed the connection before answering`
          : `${(error as Error)?.message ?? String(error)}`;
    return new RemoteUnavailableError(`${url} could not be called: ${what}.`, { ...context, cause: error });
  }

  #expectOk(url: string, result: CallResult): void {
    if (result.status === 200) return;
    const message = serverMessage(result.body);
    throw new RemoteRequestError(`${url} answered ${result.status}${message ? `: ${message}` : ''}.`, {
      ...this.#context(url, result.status),
      ...(message === undefined ? {} : { serverMessage: message }),
    });
  }

  #context(url: string, status?: number): RemoteErrorContext {
    return { endpoint: this.endpoint, url, ...(status === undefined ? {} : { status }) };
  }
}

function checkEndpoint(endpoint: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof endpoint === 'string' ? new URL(endpoint) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    throw new ArgumentError(
      `'endpoint' must be the http(s) URL of a KServe v2 server such as 'http://127.0.0.1:8000' (got ${JSON.stringify(endpoint)})`,
      { argument: 'endpoint' },
    );
  }
  return url.href.replace(/\/+$/, '');
}

function isConnectionRefused(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'ECONNREFUSED';
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The v2 protocol's `{ "error": "..." }` text (FastAPI's `{ "detail": ... }` too), if the body holds one. */
function serverMessage(body: Buffer): string | undefined {
  const text = body.subarray(0, 4096).toString('utf8');
  try {
    const parsed = JSON.parse(text) as { error?: unknown; detail?: unknown };
    const message = parsed.error ?? parsed.detail;
    if (message !== undefined) return typeof message === 'string' ? message : JSON.stringify(message);
  } catch {
    // not JSON: fall through to the raw text
  }
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed.slice(0, 500);
}

function parseMetadata(body: Buffer, context: RemoteErrorContext): RemoteModelMetadata {
  const fail = (what: string): never => {
    throw new RemoteProtocolError(`${context.url} answered model metadata that ${what}.`, { ...context });
  };
  let parsed: { name?: unknown; versions?: unknown; platform?: unknown; inputs?: unknown; outputs?: unknown };
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    return fail(`is not JSON (${(error as Error).message})`);
  }
  const ports = (list: unknown, kind: string): RemotePort[] => {
    if (!Array.isArray(list)) return fail(`has no '${kind}' list`);
    return list.map((entry: { name?: unknown; datatype?: unknown; shape?: unknown }) => {
      if (typeof entry?.name !== 'string' || typeof entry.datatype !== 'string' || !Array.isArray(entry.shape)) {
        return fail(`has a malformed entry in '${kind}': ${JSON.stringify(entry)}`);
      }
      const shape = entry.shape.map(Number);
      if (!shape.every((dimension) => Number.isSafeInteger(dimension) && dimension >= -1)) {
        fail(`has ${kind} '${entry.name}' with shape ${JSON.stringify(entry.shape)}`);
      }
      return { name: entry.name, datatype: entry.datatype, elementType: elementTypeOfDatatype(entry.datatype), shape };
    });
  };
  if (typeof parsed !== 'object' || parsed === null) fail('is not an object');
  return {
    name: typeof parsed.name === 'string' ? parsed.name : fail(`has no 'name'`),
    versions: Array.isArray(parsed.versions) ? parsed.versions.map(String) : [],
    platform: typeof parsed.platform === 'string' ? parsed.platform : '',
    inputs: ports(parsed.inputs, 'inputs'),
    outputs: ports(parsed.outputs, 'outputs'),
  };
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
