import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { setTimeout as sleep } from 'node:timers/promises';
import { HubvinoError } from '@hubvino/runtime';
import { DownloadError } from '../errors/download-error.js';
import { atomicDownload, readDescriptor } from './atomic-download.js';
import { AttemptError, requestFollowingRedirects, transportFailure } from './http-request.js';
import { downloadUrlFor, moduleDirectory, type RemoteHandleKind, remoteHandleKind } from './hub-handle.js';
import type { HubSettings } from './hub-settings.js';
import { extractTarSafely } from './safe-extract.js';

/** Download progress, as bytes received so far. */
export interface DownloadProgress {
  url: string;
  bytes: number;
  /** From Content-Length, when the server sent it. */
  totalBytes: number | undefined;
}

/** Callbacks while fetching. */
export interface FetchCallbacks {
  /** The request is about to start (not called on a cache hit). */
  onStart?: (url: string) => void;
  onProgress?: (progress: DownloadProgress) => void;
  /** Another process is downloading the same handle; we wait for it. */
  onWait?: (holder: string) => void;
  /** An attempt failed and another one follows after `delayMs`. */
  onRetry?: (attempt: number, delayMs: number, reason: string) => void;
}

/** A remote handle in the cache. */
export interface FetchedModel {
  handle: string;
  kind: RemoteHandleKind;
  /** The cache folder (a SavedModel folder, or a folder holding `model.tflite`). */
  directory: string;
  /** The URL requested last (after redirects); on a cache hit, read back from the descriptor when known. */
  resolvedUrl: string | undefined;
  cacheHit: boolean;
  /** Bytes received (0 on a cache hit). */
  bytes: number;
  /**
   * SHA-256 (hex) of the bytes as served (the compressed archive or the .tflite), computed while
   * streaming and kept in the cache descriptor; on a cache hit read back from it when known.
   */
  archiveSha256: string | undefined;
}

async function assertTfliteFile(file: string, url: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    const header = Buffer.alloc(8);
    await handle.read(header, 0, 8, 0);
    if (header.subarray(4, 8).toString('latin1') !== 'TFL3') {
      throw new DownloadError(`${url} did not send a TF Lite model (no TFL3 header); check the handle.`, {
        url: url,
        code: 'ERR_NOT_A_TFLITE',
      });
    }
  } finally {
    await handle.close();
  }
}

/** File name of a TF Lite model inside its cache folder. */
export const TFLITE_CACHE_FILE_NAME = 'model.tflite';

async function emptyDirectory(directory: string): Promise<void> {
  for (const entry of await readdir(directory)) {
    await rm(join(directory, entry), { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
  }
}

async function oneAttempt(
  handle: string,
  kind: RemoteHandleKind,
  url: string,
  directory: string,
  settings: HubSettings,
  callbacks: FetchCallbacks,
): Promise<{ resolvedUrl: string; bytes: number; archiveSha256: string }> {
  const { response, finalUrl, controller } = await requestFollowingRedirects(handle, url, settings);
  const lengthHeader = response.headers.get('content-length');
  const totalBytes = lengthHeader && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
  let bytes = 0;
  let timedOut = false;
  let idle = setTimeout(() => undefined, 0);
  const armIdleTimer = () => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, settings.timeoutMs);
  };
  armIdleTimer();
  const hash = createHash('sha256');
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      hash.update(chunk);
      armIdleTimer();
      callbacks.onProgress?.({ url: finalUrl, bytes, totalBytes });
      callback(null, chunk);
    },
    flush(callback) {
      if (totalBytes !== undefined && bytes < totalBytes) {
        callback(new Error(`truncated: received ${bytes} of ${totalBytes} bytes`));
        return;
      }
      callback();
    },
  });
  if (!response.body)
    throw new AttemptError('no body', true, new DownloadError(`${finalUrl} sent no body.`, { url: finalUrl }));
  const body = Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>);
  // Transport errors surface on `body`; keep the first one to classify the failure.
  let transportError: unknown;
  body.on('error', (error) => {
    transportError ??= error;
  });
  try {
    if (kind === 'tflite') {
      await pipeline(body, meter, createWriteStream(join(directory, TFLITE_CACHE_FILE_NAME)));
      await assertTfliteFile(join(directory, TFLITE_CACHE_FILE_NAME), finalUrl);
    } else {
      await extractTarSafely(body, directory, finalUrl, meter);
    }
  } catch (error) {
    if (timedOut || transportError || /truncated: received/.test(String(error))) {
      throw transportFailure(handle, finalUrl, transportError ?? error, timedOut);
    }
    if (HubvinoError.isInstance(error)) {
      // A complete response that is not a (safe) archive: retrying gives the same bytes.
      throw new AttemptError(error.code, false, error as DownloadError);
    }
    throw error;
  } finally {
    clearTimeout(idle);
    controller.abort();
  }
  return { resolvedUrl: finalUrl, bytes, archiveSha256: hash.digest('hex') };
}

/**
 * Fetches a TF Hub / Kaggle handle into the TF Hub cache the way tensorflow_hub does
 * (`tf-hub-format=compressed`, redirects, streamed gzip tar extraction, lock, temp folder + rename),
 * or a TF Lite handle as one file (`lite-format=tflite`). Retries 5xx/429, resets and time-outs with
 * exponential back-off. A cache hit does not touch the network.
 *
 * @throws DownloadError (404, offline, not an archive, truncated, retries exhausted) or SourceError
 * (unsafe archive entries); the cache folder is then left absent.
 */
export async function fetchRemoteModel(
  handle: string,
  settings: HubSettings,
  callbacks: FetchCallbacks = {},
): Promise<FetchedModel> {
  const kind = remoteHandleKind(handle);
  const directory = moduleDirectory(settings.cacheDirectory, handle);
  const url = downloadUrlFor(handle, kind);
  let resolvedUrl: string | undefined;
  let bytes = 0;
  let archiveSha256: string | undefined;
  const { cacheHit } = await atomicDownload({
    handle,
    directory,
    staleAfterMs: settings.lockTimeoutMs,
    pollMs: settings.lockPollMs,
    ...(callbacks.onWait ? { onWait: callbacks.onWait } : {}),
    descriptorLines: () => [
      ...(resolvedUrl ? [`Resolved URL: ${resolvedUrl}`] : []),
      ...(archiveSha256 ? [`Archive SHA-256: ${archiveSha256}`] : []),
    ],
    download: async (temporary) => {
      callbacks.onStart?.(url);
      for (let attempt = 0; ; attempt += 1) {
        try {
          const result = await oneAttempt(handle, kind, url, temporary, settings, callbacks);
          resolvedUrl = result.resolvedUrl;
          bytes = result.bytes;
          archiveSha256 = result.archiveSha256;
          return;
        } catch (error) {
          if (!(error instanceof AttemptError)) throw error;
          if (!error.retryable || attempt >= settings.retries) throw error.final;
          const delayMs = settings.retryDelayMs * 2 ** attempt;
          callbacks.onRetry?.(attempt + 1, delayMs, error.message);
          await emptyDirectory(temporary);
          await sleep(delayMs);
        }
      }
    },
  });
  if (cacheHit) {
    const descriptor = await readDescriptor(directory);
    resolvedUrl = descriptor['Resolved URL'];
    archiveSha256 = descriptor['Archive SHA-256'];
  }
  return { handle, kind, directory, resolvedUrl, cacheHit, bytes, archiveSha256 };
}
