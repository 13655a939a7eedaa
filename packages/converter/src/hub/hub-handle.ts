import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** What a remote handle serves: a gzip tar of a SavedModel, or a single TF Lite file. */
export type RemoteHandleKind = 'compressed-saved-model' | 'tflite';

/** True for `http://` and `https://` handles (tensorflow_hub's HTTP resolver rule). */
export function isHttpHandle(handle: string): boolean {
  return /^https?:\/\//i.test(handle);
}

/**
 * TF Lite handles come as one `.tflite` file: tfhub.dev `.../lite-model/...` and Kaggle
 * `.../frameworks/tfLite/...`. Everything else is fetched as a compressed SavedModel.
 */
export function remoteHandleKind(handle: string): RemoteHandleKind {
  const path = new URL(handle).pathname.toLowerCase();
  if (path.includes('/lite-model/') || path.includes('/frameworks/tflite/') || path.endsWith('.tflite')) {
    return 'tflite';
  }
  return 'compressed-saved-model';
}

/** Appends `key=value` to the URL's query, keeping what is there (`tf-hub-format=compressed`). */
export function appendQuery(handle: string, key: string, value: string): string {
  const url = new URL(handle);
  url.searchParams.append(key, value);
  return url.toString();
}

/** The URL actually requested for a handle of `kind`. */
export function downloadUrlFor(handle: string, kind: RemoteHandleKind = remoteHandleKind(handle)): string {
  return kind === 'tflite'
    ? appendQuery(handle, 'lite-format', 'tflite')
    : appendQuery(handle, 'tf-hub-format', 'compressed');
}

/** tensorflow_hub's cache folder name: the SHA-1 hex of the handle's UTF-8 bytes. */
export function cacheFolderName(handle: string): string {
  return createHash('sha1').update(handle, 'utf8').digest('hex');
}

/** `<cacheDirectory>/<sha1(handle)>`. */
export function moduleDirectory(cacheDirectory: string, handle: string): string {
  return join(cacheDirectory, cacheFolderName(handle));
}
