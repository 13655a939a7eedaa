import { resolve } from 'node:path';
import { ArgumentError } from '@hubvino/runtime';
import { DEFAULT_MODEL_NAME } from '../model/default-model.js';
import { defaultRepository } from './paths.js';

/** What the command line may set; every field falls back to an environment variable, then a default. */
export interface DemoOptions {
  repository?: string;
  name?: string;
  source?: string;
  labels?: string;
  port?: string | number;
  host?: string;
  device?: string;
}

/** The demo's settings after flags, environment and defaults are applied. */
export interface DemoSettings {
  /** The model repository (OpenVINO Model Server layout) the demo reads and publishes into. */
  repository: string;
  /** The model's name in the repository. */
  name: string;
  /** The source given by flag or environment; `undefined` means the default TF Hub model (with the offline fallback). */
  source: string | undefined;
  /** Labels for `source`, when it has none of its own. */
  labels: string | undefined;
  /** TCP port; 0 picks a free one. */
  port: number;
  /** The address the server listens on. */
  host: string;
  /** The device classifications run on unless a request picks another. */
  device: string;
}

/** The environment variables the demo reads, by setting. */
export const environmentVariables = {
  repository: 'HUBVINO_DEMO_REPOSITORY',
  name: 'HUBVINO_DEMO_MODEL',
  source: 'HUBVINO_DEMO_SOURCE',
  labels: 'HUBVINO_DEMO_LABELS',
  port: 'PORT',
  host: 'HUBVINO_DEMO_HOST',
  device: 'HUBVINO_DEMO_DEVICE',
} as const;

/** The port used when neither `--port` nor `PORT` is given. */
export const DEFAULT_PORT = 3000;

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * Parses a TCP port (0-65535; 0 lets the system pick a free one).
 * @throws ArgumentError naming `argument` when it is not one.
 */
export function parsePort(value: string | number, argument = '--port'): number {
  const port = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ArgumentError(
      `'${argument}' must be a TCP port from 0 to 65535 (0 picks a free port); got ${JSON.stringify(value)}`,
      { argument: argument },
    );
  }
  return port;
}

/**
 * Applies flags, then environment variables, then defaults. Relative paths are resolved against
 * `cwd` (the directory the user ran the command from).
 */
export function resolveDemoSettings(
  options: DemoOptions,
  environment: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): DemoSettings {
  const pick = (key: keyof typeof environmentVariables): string | undefined => {
    const flag = options[key];
    if (flag !== undefined && flag !== '') return String(flag);
    return nonEmpty(environment[environmentVariables[key]]);
  };
  const repository = pick('repository');
  const source = pick('source');
  const labels = pick('labels');
  const port = pick('port');
  return {
    repository: repository === undefined ? defaultRepository : resolve(cwd, repository),
    name: pick('name') ?? DEFAULT_MODEL_NAME,
    // Remote handles stay as they are; anything else is a local path.
    source: source === undefined || /^[a-z][a-z0-9+.-]*:\/\//i.test(source) ? source : resolve(cwd, source),
    labels: labels === undefined || /^https?:\/\//i.test(labels) ? labels : resolve(cwd, labels),
    port: port === undefined ? DEFAULT_PORT : parsePort(port, options.port === undefined ? 'PORT' : '--port'),
    host: pick('host') ?? '127.0.0.1',
    device: pick('device') ?? 'CPU',
  };
}
