import { resolve } from 'node:path';
import { type ConvertProgressEvent, convert } from '@hubvino/converter';
import { HubvinoError } from '@hubvino/runtime';
import { listModelVersions, readManifest, resolveArtifactVersion } from '@hubvino/runtime/artifact';
import { type LogFunction, logLine } from '../cli/log.js';
import { DEFAULT_SOURCE, defaultFallbackSource, type FallbackSource } from './default-model.js';

/** Options of {@link ensureModel}. */
export interface EnsureModelOptions {
  /** The model repository (OpenVINO Model Server layout). */
  repository: string;
  /** The model's name in it. */
  name: string;
  /**
   * Where to convert from. `undefined`: the notebook's TF Hub MobileNetV2 ({@link DEFAULT_SOURCE}),
   * falling back to `fallback` when TF Hub cannot be reached; any published version is reused.
   * Given: the latest version is reused only when it was converted from this source.
   */
  source?: string;
  /** Labels for `source` (a file or URL), when it carries none. */
  labels?: string;
  /** The offline stand-in for the default source (default: the TF Lite MobileNetV2 in ../shared). */
  fallback?: FallbackSource;
  /** Progress and decisions, one line each (default: stderr). */
  log?: LogFunction;
}

/** The model {@link ensureModel} found or published. */
export interface EnsuredModel {
  name: string;
  version: number;
  /** `<repository>/<name>/<version>`. */
  directory: string;
  /** True when this call converted and published the version; false when it reused one. */
  converted: boolean;
  /** The source recorded in the version's manifest. */
  source: string;
}

function sameSource(recorded: { handle: string; resolvedUrl?: string | undefined }, wanted: string): boolean {
  if (recorded.handle === wanted || recorded.resolvedUrl === wanted) return true;
  // Local paths are compared resolved, remote handles as given.
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(wanted) && resolve(recorded.handle) === resolve(wanted);
}

/**
 * Makes sure a version of `name` exists in `repository`, converting and publishing one through
 * `@hubvino/converter` when needed, and returns it. All conversion logic (fetching, ovc,
 * validation, atomic publishing) is the converter's.
 *
 * @throws the converter's errors (`SourceError`, `DownloadError`, `ConversionError`, ...) when the
 * model cannot be made; when the default source is unreachable, the fallback's errors.
 */
export async function ensureModel(options: EnsureModelOptions): Promise<EnsuredModel> {
  const log = options.log ?? logLine;
  const { repository, name } = options;
  const versions = await listModelVersions(repository, name);
  if (versions.length > 0) {
    const latest = await resolveArtifactVersion(repository, name);
    const manifest = await readManifest(latest.directory);
    if (options.source === undefined || sameSource(manifest.source, options.source)) {
      log(`using ${name} version ${latest.version} from ${latest.directory}`);
      return {
        name,
        version: latest.version,
        directory: latest.directory,
        converted: false,
        source: manifest.source.handle,
      };
    }
    log(`${name} version ${latest.version} was converted from ${manifest.source.handle}; converting ${options.source}`);
  }

  if (options.source !== undefined) {
    return publish(options, options.source, options.labels, log);
  }
  try {
    return await publish(options, DEFAULT_SOURCE, options.labels, log);
  } catch (error) {
    if (!HubvinoError.isInstance(error) || error.category !== 'source') throw error;
    const fallback = options.fallback ?? defaultFallbackSource();
    const reason = error.message.split('\n')[0];
    log(`cannot fetch ${DEFAULT_SOURCE} (${reason}); using ${fallback.description} instead: ${fallback.source}`);
    return publish(options, fallback.source, fallback.labels, log);
  }
}

async function publish(
  options: EnsureModelOptions,
  source: string,
  labels: string | undefined,
  log: LogFunction,
): Promise<EnsuredModel> {
  const { repository, name } = options;
  log(`converting ${source} into ${repository}/${name}/ (first start only)`);
  const result = await convert(
    { source, name, repository, ...(labels === undefined ? {} : { labels }) },
    {
      onProgress: (event) => {
        const line = describeProgress(event);
        if (line !== undefined) log(line);
      },
    },
  );
  log(`published ${name} version ${result.version} in ${result.directory}`);
  return {
    name,
    version: result.version,
    directory: result.directory,
    converted: result.status === 'published',
    source: result.manifest.source.handle,
  };
}

/** One log line per step of the conversion (byte-level download progress is left out). */
function describeProgress(event: ConvertProgressEvent): string | undefined {
  switch (event.type) {
    case 'download':
      if (event.phase === 'start') return `downloading ${event.url}`;
      if (event.phase === 'wait') return `waiting for another process that downloads ${event.url}`;
      return `retrying ${event.url}${event.reason ? ` (${event.reason})` : ''}`;
    case 'convert':
      if (event.phase === 'waiting') return 'waiting for another conversion to the same model name';
      if (event.phase === 'start') return 'running ovc';
      return `ovc finished${event.durationMs === undefined ? '' : ` in ${(event.durationMs / 1000).toFixed(1)} s`}`;
    case 'validate':
      if (event.phase === 'start') return 'validating the IR against the source';
      return `validation: ${(event.references ?? [])
        .map(
          (reference) =>
            `${reference.kind} max |diff| ${reference.maxAbsDiff}${reference.passed ? ' (passed)' : ' (failed)'}`,
        )
        .join(', ')}`;
    default:
      return undefined;
  }
}
