import { isAbsolute, posix } from 'node:path';
import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import { DownloadError } from '../errors/download-error.js';
import { SourceError } from '../errors/source-error.js';

const allowedTypes = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory']);

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
 * @param through an optional stage between input and extraction (byte counting, hashing).
 * @returns the number of files extracted.
 */
export async function extractTarSafely(
  input: Readable,
  directory: string,
  label: string,
  through?: Transform,
): Promise<number> {
  const refused: string[] = [];
  let files = 0;
  const extractor = tar.x({
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
      if (type !== 'Directory') files += 1;
      return true;
    },
  });
  try {
    if (through) await pipeline(input, through, extractor);
    else await pipeline(input, extractor);
  } catch (error) {
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

function unsafe(label: string, refused: string[], cause?: unknown): SourceError {
  return new SourceError(
    `${label} holds entries that are not allowed: ${refused.slice(0, 3).join('; ')}${refused.length > 3 ? ` (and ${refused.length - 3} more)` : ''}. Only plain files and folders inside the archive are extracted; nothing was cached.`,
    { source: label, code: 'ERR_UNSAFE_ARCHIVE', cause },
  );
}
