import type { FastifyRequest } from 'fastify';
import { HttpError } from './http-error.js';

/** One uploaded file. */
export interface UploadedFile {
  bytes: Buffer;
  /** The declared type, lower case (`image/jpeg`). */
  mimetype: string;
  /** The file name the client gave, or the field name. */
  filename: string;
}

// Types a browser may send for an image it does not know, besides image/*.
const genericTypes = new Set(['application/octet-stream', '']);

function formatMegabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

function tooLarge(uploadLimitBytes: number): HttpError {
  return new HttpError(
    413,
    'ERR_UPLOAD_TOO_LARGE',
    `The upload is larger than the ${formatMegabytes(uploadLimitBytes)} limit; pick a smaller image.`,
  );
}

/** True when the client went away before its request was read (closed the tab, cancelled, timed out). */
export function clientAborted(request: FastifyRequest): boolean {
  return request.raw.aborted || request.raw.socket?.destroyed === true;
}

/**
 * The client closed the connection while its request was being read: nothing can be answered, and
 * it is not a server failure. The error handler logs it as an abort.
 */
export class ClientAbortedError extends HttpError {
  constructor(cause: unknown) {
    super(499, 'ERR_CLIENT_ABORTED', 'The client closed the connection before the upload was complete.');
    this.name = 'ClientAbortedError';
    this.cause = cause;
  }
}

/**
 * Reads a multipart/form-data request that must hold exactly one image file in each of `fields`
 * and nothing else: an unknown field, a second file, a cut-off body or an over-large file is a
 * 4xx naming the problem, never a 500. Query parameters carry the options, not form fields.
 */
export async function readImageFiles(
  request: FastifyRequest,
  fields: readonly string[],
  uploadLimitBytes: number,
): Promise<Map<string, UploadedFile>> {
  const expected = fields.map((field) => `'${field}'`).join(' and ');
  if (!request.isMultipart()) {
    throw new HttpError(
      415,
      'ERR_UNSUPPORTED_MEDIA_TYPE',
      `Send multipart/form-data with the image${fields.length > 1 ? 's' : ''} in the ${expected} field${fields.length > 1 ? 's' : ''} (got ${request.headers['content-type'] ?? 'no content type'}).`,
    );
  }
  const files = new Map<string, UploadedFile>();
  try {
    for await (const part of request.parts({ limits: { fileSize: uploadLimitBytes, files: fields.length + 1 } })) {
      if (part.type !== 'file') {
        throw new HttpError(
          400,
          'ERR_BAD_MULTIPART',
          `The form has a field '${part.fieldname}' this endpoint does not take; send only ${expected} (options go in the query string).`,
        );
      }
      if (!fields.includes(part.fieldname)) {
        throw new HttpError(
          400,
          'ERR_BAD_MULTIPART',
          `The form has a file in '${part.fieldname}', which this endpoint does not take; send only ${expected}.`,
        );
      }
      if (files.has(part.fieldname)) {
        throw new HttpError(400, 'ERR_BAD_MULTIPART', `The form has more than one '${part.fieldname}' file; send one.`);
      }
      let bytes: Buffer;
      try {
        bytes = await part.toBuffer();
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(uploadLimitBytes);
        throw error;
      }
      // toBuffer() misses the limit when the last chunk it reads ends exactly at it; busboy's flag does not.
      if (part.file.truncated) throw tooLarge(uploadLimitBytes);
      const mimetype = part.mimetype.toLowerCase();
      const filename = part.filename || part.fieldname;
      if (!mimetype.startsWith('image/') && !genericTypes.has(mimetype)) {
        throw new HttpError(
          415,
          'ERR_NOT_AN_IMAGE',
          `'${filename}' is ${mimetype}, not an image; upload a JPEG, PNG, WebP, GIF, TIFF or AVIF file.`,
        );
      }
      files.set(part.fieldname, { bytes, mimetype, filename });
    }
  } catch (error) {
    if (clientAborted(request)) throw new ClientAbortedError(error);
    if (error instanceof HttpError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT') {
      throw new HttpError(400, 'ERR_BAD_MULTIPART', `The form has too many files; send only ${expected}.`);
    }
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new HttpError(400, 'ERR_BAD_MULTIPART', `The form has too many parts; send only ${expected}.`);
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new HttpError(
      400,
      'ERR_BAD_MULTIPART',
      `The upload is not complete, valid multipart/form-data (${reason}); send the form again.`,
    );
  }
  for (const field of fields) {
    const file = files.get(field);
    if (file === undefined) {
      throw new HttpError(
        400,
        'ERR_NO_IMAGE',
        `The form has no '${field}' file; put the image in the '${field}' field${fields.length > 1 ? ` (send ${expected})` : ''}.`,
      );
    }
    if (file.bytes.length === 0) {
      throw new HttpError(422, 'ERR_IMAGE_EMPTY', `'${file.filename}' is empty; upload an image file.`);
    }
  }
  return files;
}
