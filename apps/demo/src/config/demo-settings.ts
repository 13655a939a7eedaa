import { resolve } from 'node:path';
import { ArgumentError } from '@hubvino/runtime';
import { CLASSIFIER_SOURCES, DEFAULT_MODEL_NAME } from '../model/default-model.js';
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
  endpoint?: string;
  styleModel?: string;
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
  /**
   * A KServe v2 server (OVMS, KServe, the kserve ModelServer) that serves the `serve-config` output
   * of `repository`: classifications run there instead of in-process. `undefined`: in-process.
   */
  endpoint: string | undefined;
  /**
   * A style-transfer artifact in `repository` to stylize with (either form: the one-piece model
   * converted from TF Hub's SavedModel, or one part of a pair); `undefined`: the TF Lite pair from
   * ../shared, converted on first use.
   */
  styleModel: string | undefined;
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
  endpoint: 'HUBVINO_DEMO_ENDPOINT',
  styleModel: 'HUBVINO_DEMO_STYLE_MODEL',
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
  const given = pick('source');
  // `mobilenet_v2` / `mobilenet_v1` stand for their TF Hub handles (and name the model, unless --name does).
  const alias = given !== undefined && Object.hasOwn(CLASSIFIER_SOURCES, given) ? given : undefined;
  // mobilenet_v2 is the default source itself (with its offline fallback).
  const source =
    alias === undefined
      ? given
      : alias === DEFAULT_MODEL_NAME
        ? undefined
        : CLASSIFIER_SOURCES[alias as keyof typeof CLASSIFIER_SOURCES];
  const labels = pick('labels');
  const port = pick('port');
  return {
    repository: repository === undefined ? defaultRepository : resolve(cwd, repository),
    name: pick('name') ?? alias ?? DEFAULT_MODEL_NAME,
    // Remote handles stay as they are; anything else is a local path.
    source: source === undefined || /^[a-z][a-z0-9+.-]*:\/\//i.test(source) ? source : resolve(cwd, source),
    labels: labels === undefined || /^https?:\/\//i.test(labels) ? labels : resolve(cwd, labels),
    port: port === undefined ? DEFAULT_PORT : parsePort(port, options.port === undefined ? 'PORT' : '--port'),
    host: pick('host') ?? '127.0.0.1',
    device: pick('device') ?? 'CPU',
    endpoint: pick('endpoint'),
    styleModel: pick('styleModel'),
  };
}
