import { isAbsolute, posix } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar';
import { DownloadError } from '../errors/download-error.js';
import { SourceError } from '../errors/source-error.js';

const allowedTypes = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory']);

/** Limits on what one archive may extract to (a decompression bomb stops at the first one it passes). */
export interface ExtractLimits {
  /** Total bytes of all entries, from their headers (default 8 GiB). */
  maxTotalBytes: number;
  /** Number of entries, folders included (default 100000). */
  maxEntries: number;
  /**
   * Extracted bytes per compressed byte read, checked once `ratioAfterBytes` were extracted
   * (default 50; weights compress to ~1.1x, a bomb of zeros to ~1000x).
   */
  maxRatio: number;
  /** Extracted bytes before `maxRatio` applies (default 64 MiB: small archives may compress well). */
  ratioAfterBytes: number;
}

/** The default {@link ExtractLimits}. */
export const DEFAULT_EXTRACT_LIMITS: Readonly<ExtractLimits> = Object.freeze({
  maxTotalBytes: 8 * 1024 ** 3,
  maxEntries: 100_000,
  maxRatio: 50,
  ratioAfterBytes: 64 * 1024 * 1024,
});

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

/** Why an entry is refused, or undefined when it is a plain file or folder inside the target. */
export function unsafeEntryReason(path: string, type: string): string | undefined {
  if (!allowedTypes.has(type)) return `is a ${type} (only regular files and folders are allowed)`;
  const normalized = path.replaceAll('\\', '/');
  if (isAbsolute(normalized) || /^[A-Za-z]:/.test(normalized) || normalized.startsWith('/')) {
    return 'has an absolute path';
  }
  if (normalized.split('/').includes('..') || posix.normalize(normalized).startsWith('..')) {
    return 'leaves the target folder (..)';
  }
  return undefined;
}

/**
 * Extracts a (gzip) tar stream into `directory`, refusing links, devices and entries that leave the
 * folder. Throws {@link SourceError} `ERR_UNSAFE_ARCHIVE` for those, and {@link DownloadError}
 * (`ERR_NOT_AN_ARCHIVE`, `ERR_TRUNCATED_ARCHIVE`) for bodies that are not a complete tar.
 *
 * @param label what to name in messages (the URL or file).
 * Stops with {@link SourceError} `ERR_ARCHIVE_TOO_LARGE` at the first of `limits` an archive passes
 * (total size, entry count, compression ratio), before writing the entry that passes a size limit.
 *
 * @param through an optional stage between input and extraction (byte counting, hashing).
 * @returns the number of files extracted.
 */
export async function extractTarSafely(
  input: Readable,
  directory: string,
  label: string,
  through?: Transform,
  limits: Partial<ExtractLimits> = {},
): Promise<number> {
  const { maxTotalBytes, maxEntries, maxRatio, ratioAfterBytes } = { ...DEFAULT_EXTRACT_LIMITS, ...limits };
  const refused: string[] = [];
  let files = 0;
  let entries = 0;
  let declaredBytes = 0;
  let extractedBytes = 0;
  let compressedBytes = 0;
  let limitError: SourceError | undefined;
  const tooLarge = (what: string) => {
    limitError ??= new SourceError(
      `${label} is refused: ${what}. It may be a decompression bomb; nothing was cached. If it is a genuine model, extract it yourself and pass the SavedModel folder.`,
      { source: label, code: 'ERR_ARCHIVE_TOO_LARGE' },
    );
    extractor.abort(limitError);
  };
  const compressedCounter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      compressedBytes += chunk.length;
      callback(null, chunk);
    },
  });
  // Counts what the gzip layer makes of it, so a bomb stops after ratioAfterBytes, not gigabytes.
  const extractedCounter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      extractedBytes += chunk.length;
      if (extractedBytes > ratioAfterBytes && extractedBytes > maxRatio * compressedBytes) {
        tooLarge(
          `it expands more than ${maxRatio} times (${formatBytes(extractedBytes)} from ${formatBytes(compressedBytes)} so far)`,
        );
        callback(limitError);
        return;
      }
      callback(null, chunk);
    },
  });
  const extractor: tar.Unpack = tar.x({
    cwd: directory,
    strict: true,
    preserveOwner: false,
    noChmod: true,
    filter: (path, entry) => {
      const type = 'type' in entry ? String(entry.type) : 'File';
      const reason = unsafeEntryReason(path, type);
      if (reason) {
        refused.push(`'${path}' ${reason}`);
        return false;
      }
      entries += 1;
      declaredBytes += 'size' in entry && typeof entry.size === 'number' ? entry.size : 0;
      if (entries > maxEntries) {
        tooLarge(`it holds more than ${maxEntries} entries`);
        return false;
      }
      if (declaredBytes > maxTotalBytes) {
        tooLarge(
          `its entries add up to more than ${formatBytes(maxTotalBytes)} ('${path}' brings them to ${formatBytes(declaredBytes)})`,
        );
        return false;
      }
      if (type !== 'Directory') files += 1;
      return true;
    },
  });
  try {
    const gzipped = isGzip(await peekBytes(input));
    const stages = [
      ...(through ? [through] : []),
      compressedCounter,
      ...(gzipped ? [createGunzip()] : []),
      extractedCounter,
    ];
    await pipeline(input, ...(stages as [Transform]), extractor);
    if (limitError) throw limitError;
  } catch (error) {
    if (limitError) throw limitError;
    if (refused.length > 0) throw unsafe(label, refused, error);
    const code = (error as { code?: string }).code;
    if (code === 'Z_BUF_ERROR' || code === 'TAR_ABORT' || /unexpected end|truncat/i.test(String(error))) {
      throw new DownloadError(`${label} is a truncated archive (the gzip/tar stream ended early); fetch it again.`, {
        url: label,
        code: 'ERR_TRUNCATED_ARCHIVE',
        cause: error,
      });
    }
    if (code?.startsWith('TAR_') || code?.startsWith('Z_')) {
      throw new DownloadError(
        `${label} is not a tar archive (${code}); check that it is a TF Hub model (a .tar.gz of a SavedModel).`,
        { url: label, code: 'ERR_NOT_AN_ARCHIVE', cause: error },
      );
    }
    throw error;
  }
  if (refused.length > 0) throw unsafe(label, refused);
  if (files === 0) {
    throw new DownloadError(`${label} is an empty or invalid archive (no files); check that it is a TF Hub model.`, {
      url: label,
      code: 'ERR_NOT_AN_ARCHIVE',
    });
  }
  return files;
}

function isGzip(bytes: Buffer | null): boolean {
  return bytes !== null && bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The first chunk of `stream`, put back so the stream still starts with it (null when it is empty). */
function peekBytes(stream: Readable): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const onReadable = () => {
      const chunk = stream.read() as Buffer | null;
      cleanup();
      if (chunk !== null) stream.unshift(chunk);
      resolve(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(null);
    };
    const onError = (error: unknown) => {
      cleanup();
      reject(error);
    };
    stream.on('readable', onReadable);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}

function unsafe(label: string, refused: string[], cause?: unknown): SourceError {
  return new SourceError(
    `${label} holds entries that are not allowed: ${refused.slice(0, 3).join('; ')}${refused.length > 3 ? ` (and ${refused.length - 3} more)` : ''}. Only plain files and folders inside the archive are extracted; nothing was cached.`,
    { source: label, code: 'ERR_UNSAFE_ARCHIVE', cause },
  );
}
