import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ArgumentError } from '@hubvino/runtime';
import type { SourceFormat } from '@hubvino/runtime/artifact';
import { sha256File } from '@hubvino/runtime/artifact';
import { SourceError } from '../errors/source-error.js';
import { atomicDownload } from '../hub/atomic-download.js';
import { type FetchCallbacks, fetchRemoteModel, TFLITE_CACHE_FILE_NAME } from '../hub/fetch-remote-model.js';
import { isHttpHandle, moduleDirectory } from '../hub/hub-handle.js';
import type { HubSettings } from '../hub/hub-settings.js';
import { extractTarSafely } from '../hub/safe-extract.js';
import { sha256Directory, sha256Source } from './source-digest.js';

/** A source ready for `ovc` and for OpenVINO's frontends. */
export interface ResolvedSource {
  /** The source as the caller gave it. */
  handle: string;
  /** `remote` for http(s) handles, `local` for paths and `file://` URLs. */
  origin: 'remote' | 'local';
  format: SourceFormat;
  /** What ovc and `core.readModel` read: a SavedModel folder, a `.tflite`, `.pb` or `.onnx` file. */
  modelPath: string;
  /** For remote handles: the URL the model came from after redirects, when known. */
  resolvedUrl: string | undefined;
  /** SHA-256 of the model file, or of the SavedModel folder's listing. */
  sha256: string;
  /** For remote handles and local archives: whether the TF Hub cache already had it. */
  cacheHit: boolean | undefined;
  /** For remote handles: bytes downloaded (0 on a cache hit). */
  downloadedBytes: number;
}

async function hasTfliteMagic(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const header = Buffer.alloc(8);
    const { bytesRead } = await handle.read(header, 0, 8, 0);
    return bytesRead === 8 && header.subarray(4, 8).toString('latin1') === 'TFL3';
  } finally {
    await handle.close();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** The format of a model folder: a SavedModel, or a folder holding one `.tflite`. */
async function folderModel(handle: string, directory: string): Promise<{ format: SourceFormat; modelPath: string }> {
  if (await exists(join(directory, 'saved_model.pb'))) return { format: 'saved-model', modelPath: directory };
  if (await exists(join(directory, TFLITE_CACHE_FILE_NAME))) {
    return { format: 'tflite', modelPath: join(directory, TFLITE_CACHE_FILE_NAME) };
  }
  const entries = await readdir(directory);
  const tflite = entries.filter((name) => name.endsWith('.tflite'));
  if (tflite.length === 1) return { format: 'tflite', modelPath: join(directory, tflite[0] as string) };
  if (entries.includes('saved_model.pbtxt')) {
    throw new SourceError(`${directory} holds a text SavedModel (saved_model.pbtxt); ovc needs saved_model.pb.`, {
      source: handle,
      code: 'ERR_UNSUPPORTED_SOURCE',
    });
  }
  throw new SourceError(
    `${directory} is not a SavedModel (no saved_model.pb)${handle === directory ? '' : ` (from ${handle})`}. Pass a TF2 SavedModel folder, a .tflite, a frozen .pb or a .tar.gz of a SavedModel.`,
    { source: handle, code: 'ERR_UNSUPPORTED_SOURCE' },
  );
}

/** Options for {@link resolveSource}. */
export interface ResolveSourceOptions extends FetchCallbacks {
  hub: HubSettings;
}

/**
 * Turns what the user passed into a model on disk:
 * - `https://tfhub.dev/...`, `https://www.kaggle.com/models/...`, `https://hub.tensorflow.google.cn/...`
 *   (and other http(s) URLs serving a TF Hub archive): fetched into the TF Hub cache;
 * - a SavedModel folder, `.tflite`, frozen `.pb`, `.onnx`, or `file://` URL of one: used in place;
 * - a `.tar.gz` / `.tgz` / `.tar` of a SavedModel: extracted (safely) into the TF Hub cache, keyed by
 *   the archive's path and SHA-256.
 *
 * @throws ArgumentError for an empty source; SourceError for a path that does not exist or is not a
 * model; DownloadError for fetch failures.
 */
export async function resolveSource(source: string, options: ResolveSourceOptions): Promise<ResolvedSource> {
  if (typeof source !== 'string' || source.trim() === '') {
    throw new ArgumentError(`'source' must be a TF Hub handle, a URL or a local path (got ${JSON.stringify(source)})`, {
      argument: 'source',
    });
  }
  if (isHttpHandle(source)) {
    try {
      new URL(source);
    } catch (error) {
      throw new SourceError(`'${source}' is not a valid URL.`, {
        source: source,
        code: 'ERR_INVALID_HANDLE',
        cause: error,
      });
    }
    const fetched = await fetchRemoteModel(source, options.hub, options);
    const model = await folderModel(source, fetched.directory);
    const sha256 = await sha256Source(model.modelPath);
    return {
      handle: source,
      origin: 'remote',
      ...model,
      resolvedUrl: fetched.resolvedUrl,
      sha256,
      cacheHit: fetched.cacheHit,
      downloadedBytes: fetched.bytes,
    };
  }
  let path: string;
  if (/^file:/i.test(source)) {
    try {
      path = fileURLToPath(source);
    } catch (error) {
      throw new SourceError(`'${source}' is not a valid file:// URL.`, {
        source: source,
        code: 'ERR_INVALID_HANDLE',
        cause: error,
      });
    }
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
    throw new SourceError(
      `'${source}' uses an unsupported scheme; pass an https:// TF Hub or Kaggle handle, a file:// URL or a local path.`,
      { source: source, code: 'ERR_INVALID_HANDLE' },
    );
  } else {
    path = resolve(source);
  }
  let info: import('node:fs').Stats;
  try {
    info = await stat(path);
  } catch (error) {
    throw new SourceError(
      `${path} does not exist. Pass a TF Hub handle (https://tfhub.dev/...), a SavedModel folder, a .tflite, a frozen .pb or a .tar.gz.`,
      { source: source, code: 'ERR_SOURCE_NOT_FOUND', cause: error },
    );
  }
  const base = { handle: source, origin: 'local' as const, resolvedUrl: undefined, downloadedBytes: 0 };
  if (info.isDirectory()) {
    const model = await folderModel(source, path);
    return { ...base, ...model, sha256: await sha256Directory(path), cacheHit: undefined };
  }
  const name = basename(path).toLowerCase();
  if (name === 'saved_model.pb') {
    return {
      ...base,
      format: 'saved-model',
      modelPath: dirname(path),
      sha256: await sha256Directory(dirname(path)),
      cacheHit: undefined,
    };
  }
  if (name.endsWith('.tar.gz') || name.endsWith('.tgz') || name.endsWith('.tar')) {
    const digest = await sha256File(path);
    const key = `${pathToFileURL(path).href}#sha256=${digest}`;
    const directory = moduleDirectory(options.hub.cacheDirectory, key);
    const { cacheHit } = await atomicDownload({
      handle: key,
      directory,
      staleAfterMs: options.hub.lockTimeoutMs,
      pollMs: options.hub.lockPollMs,
      download: async (temporary) => {
        await extractTarSafely(createReadStream(path), temporary, path);
      },
    });
    const model = await folderModel(source, directory);
    return { ...base, ...model, sha256: await sha256Source(model.modelPath), cacheHit };
  }
  const tflite = await hasTfliteMagic(path);
  if (name.endsWith('.tflite') && !tflite) {
    throw new SourceError(`${path} is not a TF Lite model (no TFL3 header).`, {
      source: source,
      code: 'ERR_UNSUPPORTED_SOURCE',
    });
  }
  if (tflite) {
    return { ...base, format: 'tflite', modelPath: path, sha256: await sha256File(path), cacheHit: undefined };
  }
  if (name.endsWith('.pb')) {
    return { ...base, format: 'frozen-pb', modelPath: path, sha256: await sha256File(path), cacheHit: undefined };
  }
  if (name.endsWith('.onnx')) {
    return { ...base, format: 'onnx', modelPath: path, sha256: await sha256File(path), cacheHit: undefined };
  }
  throw new SourceError(
    `${path} is not a model hubvino can convert; pass a SavedModel folder, a .tflite, a frozen .pb, an .onnx or a .tar.gz of a SavedModel.`,
    { source: source, code: 'ERR_UNSUPPORTED_SOURCE' },
  );
}
