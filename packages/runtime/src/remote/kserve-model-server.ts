import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArgumentError } from '../errors/argument-error.js';
import { RemoteUnavailableError } from '../errors/remote-unavailable-error.js';
import { locateServingToolchain } from '../toolchain/locate-openvino.js';
import { KServeClient } from './kserve-client.js';

/** The kserve ModelServer script shipped in this package (`python/kserve_openvino_server.py`). */
export const KSERVE_SERVER_SCRIPT = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'python',
  'kserve_openvino_server.py',
);

/** Options of {@link startKServeModelServer}. */
export interface KServeModelServerOptions {
  /** The serving folder's `config.json` (written by `pnpm convert serve-config`). */
  config: string;
  /** REST port on 127.0.0.1 (default: a free one). */
  port?: number;
  /** Longest wait for the server and every model to be ready (default 120 000 ms). */
  readyTimeoutMs?: number;
  /** Receives the server's log lines (default: dropped). */
  onLog?: (line: string) => void;
}

/** A running kserve ModelServer. */
export interface KServeModelServer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  port: number;
  process: ChildProcess;
  /** The log so far (last 200 lines). */
  log(): string;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. Safe to repeat. */
  stop(): Promise<void>;
}

/**
 * Starts the `kserve` wheel's ModelServer (the serving toolchain, `pnpm setup:serving`) on
 * 127.0.0.1 with `python/kserve_openvino_server.py`, serving every model of a serving folder's
 * `config.json` through OpenVINO, and waits until the server and its models are ready.
 * @throws ToolchainError `ERR_KSERVE_NOT_FOUND` when the serving toolchain is not provisioned;
 *   RemoteUnavailableError when the server exits or is not ready in time (with its last log lines).
 */
export async function startKServeModelServer(options: KServeModelServerOptions): Promise<KServeModelServer> {
  if (typeof options?.config !== 'string') {
    throw new ArgumentError(`'config' must be the path of a serving folder's config.json`, { argument: 'config' });
  }
  const toolchain = locateServingToolchain();
  const port = options.port ?? (await freePort());
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(
    toolchain.python,
    [KSERVE_SERVER_SCRIPT, '--hubvino_config', options.config, '--http_port', String(port)],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PYTHONUNBUFFERED: '1' } },
  );
  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line);
      if (lines.length > 200) lines.shift();
      options.onLog?.(line);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited = false;
  const exit = once(child, 'exit').then(() => {
    exited = true;
  });
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exit;
    clearTimeout(timer);
  };
  const server: KServeModelServer = {
    endpoint,
    port,
    process: child,
    log: () => lines.join('\n'),
    stop,
    [Symbol.asyncDispose]: stop,
  };
  const client = new KServeClient(endpoint, { timeoutMs: 2000, retry: { retries: 0 } });
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  try {
    for (;;) {
      if (exited) {
        throw new RemoteUnavailableError(
          `The kserve ModelServer for ${options.config} exited before it was ready (exit code ${child.exitCode}):\n${lines.slice(-15).join('\n')}`,
          { endpoint, url: endpoint },
        );
      }
      if (await client.serverReady().catch(() => false)) break;
      if (Date.now() > deadline) {
        throw new RemoteUnavailableError(
          `The kserve ModelServer for ${options.config} was not ready within ${options.readyTimeoutMs ?? 120_000} ms:\n${lines.slice(-15).join('\n')}`,
          { endpoint, url: `${endpoint}/v2/health/ready` },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    await client.close();
  }
  return server;
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  probe.close();
  await once(probe, 'close');
  return port;
}
