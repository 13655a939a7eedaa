import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { builtMain } from './shared-files.js';

/** What a finished demo process printed and how it ended. */
export interface DemoProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function childEnvironment(environment: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  // Start from the test's environment without the demo's own settings, so only `environment` counts.
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('HUBVINO_DEMO_') && key !== 'PORT'),
  );
  return { ...base, ...environment };
}

/** Runs the built demo CLI (`node dist/main.js ...`) to its end. */
export async function runDemo(
  args: readonly string[],
  environment: NodeJS.ProcessEnv = {},
): Promise<DemoProcessResult> {
  const child = spawn(process.execPath, [builtMain, ...args], {
    env: childEnvironment(environment),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  return { code, signal, stdout, stderr };
}

/** A demo server started as a user would (`node dist/main.js [serve] ...`). */
export interface DemoServerProcess {
  child: ChildProcess;
  /** The URL it printed. */
  url: string;
  /** Everything printed so far on stderr. */
  stderr(): string;
  /** Sends `signal` and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<DemoProcessResult>;
}

/**
 * Starts the demo server and resolves once it printed its URL.
 * @throws when the process exits (or `timeoutMs` passes) before that, with its output.
 */
export async function startDemoProcess(
  args: readonly string[],
  environment: NodeJS.ProcessEnv = {},
  timeoutMs = 240_000,
): Promise<DemoServerProcess> {
  const child = spawn(process.execPath, [builtMain, ...args], {
    env: childEnvironment(environment),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const closed = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the demo printed no URL within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    void closed.then(([code, signal]) => {
      clearTimeout(timer);
      reject(
        new Error(`the demo exited (${code ?? signal}) before printing its URL\nstdout: ${stdout}\nstderr: ${stderr}`),
      );
    });
  });
  return {
    child,
    url,
    stderr: () => stderr,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const [code, exitSignal] = await closed;
      return { code, signal: exitSignal, stdout, stderr };
    },
  };
}
