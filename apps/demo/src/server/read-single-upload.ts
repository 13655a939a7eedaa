import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './http-error.js';

/** What a task route accepts in its one file field. */
export interface UploadRule {
  /** The multipart field, e.g. `image` or `audio`. */
  field: string;
  /** What the file is, for messages: `an image`, `a WAV file`. */
  kind: string;
  /** True for the declared content types accepted (besides application/octet-stream and none). */
  acceptsType: (type: string) => boolean;
  /** The types to name when refusing one, e.g. `JPEG, PNG, WebP, GIF, TIFF, AVIF or BMP`. */
  formats: string;
}

const genericTypes = new Set(['application/octet-stream', '']);

function uploadTooLarge(uploadLimitBytes: number, kind: string): HttpError {
  return new HttpError(
    413,
    'ERR_UPLOAD_TOO_LARGE',
    `The upload is larger than the ${Math.round(uploadLimitBytes / (1024 * 1024))} MB limit; pick a smaller ${kind.replace(/^an? /, '')}.`,
  );
}

/**
 * Reads the one file of a multipart/form-data request under the classify route's rules: not
 * multipart -> 415, no file -> 400, over the limit -> 413, a declared type that is not accepted ->
 * 415, an empty file -> 422.
 */
export async function readSingleUpload(
  request: FastifyRequest,
  uploadLimitBytes: number,
  rule: UploadRule,
): Promise<{ bytes: Buffer; filename: string }> {
  if (!request.isMultipart()) {
    throw new HttpError(
      415,
      'ERR_UNSUPPORTED_MEDIA_TYPE',
      `Send ${rule.kind} as multipart/form-data in the '${rule.field}' field (got ${request.headers['content-type'] ?? 'no content type'}).`,
    );
  }
  let part: MultipartFile | undefined;
  try {
    part = await request.file({ limits: { fileSize: uploadLimitBytes, files: 1 } });
  } catch (error) {
    throw new HttpError(
      400,
      'ERR_BAD_MULTIPART',
      `The upload is not valid multipart/form-data: ${(error as Error).message}`,
    );
  }
  if (part === undefined) {
    throw new HttpError(400, 'ERR_NO_FILE', `The form has no file; put ${rule.kind} in the '${rule.field}' field.`);
  }
  let bytes: Buffer;
  try {
    bytes = await part.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw uploadTooLarge(uploadLimitBytes, rule.kind);
    throw error;
  }
  if (part.file.truncated) throw uploadTooLarge(uploadLimitBytes, rule.kind);
  const filename = part.filename || rule.field;
  const type = part.mimetype.toLowerCase();
  if (!rule.acceptsType(type) && !genericTypes.has(type)) {
    throw new HttpError(
      415,
      'ERR_UNSUPPORTED_FILE_TYPE',
      `'${filename}' is ${type}, not ${rule.kind}; upload a ${rule.formats} file.`,
    );
  }
  if (bytes.length === 0) {
    throw new HttpError(422, 'ERR_FILE_EMPTY', `'${filename}' is empty; upload ${rule.kind}.`);
  }
  return { bytes, filename };
}
