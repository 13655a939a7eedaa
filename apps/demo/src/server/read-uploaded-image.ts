import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './http-error.js';

/** The multipart field that carries the image. */
export const IMAGE_FIELD = 'image';

// Types a browser may send for an image it does not know, besides image/*.
const genericTypes = new Set(['application/octet-stream', '']);

function formatMegabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

async function readImagePart(request: FastifyRequest, uploadLimitBytes: number): Promise<MultipartFile> {
  if (!request.isMultipart()) {
    throw new HttpError(
      415,
      'ERR_UNSUPPORTED_MEDIA_TYPE',
      `Send the image as multipart/form-data in the '${IMAGE_FIELD}' field (got ${request.headers['content-type'] ?? 'no content type'}).`,
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
    throw new HttpError(400, 'ERR_NO_IMAGE', `The form has no file; put the image in the '${IMAGE_FIELD}' field.`);
  }
  return part;
}

function uploadTooLarge(uploadLimitBytes: number): HttpError {
  return new HttpError(
    413,
    'ERR_UPLOAD_TOO_LARGE',
    `The upload is larger than the ${formatMegabytes(uploadLimitBytes)} limit; pick a smaller image.`,
  );
}

async function readImageBytes(part: MultipartFile, uploadLimitBytes: number): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await part.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw uploadTooLarge(uploadLimitBytes);
    throw error;
  }
  // toBuffer() misses the limit when the last chunk it reads ends exactly at it; busboy's flag does not.
  if (part.file.truncated) throw uploadTooLarge(uploadLimitBytes);
  return bytes;
}

/**
 * The image of a single-image upload (`/api/classify`, `/api/detect`, `/api/segment`), with the same
 * rules everywhere: not multipart -> 415; no file -> 400; too large -> 413; a declared type that is
 * not an image -> 415; empty -> 422 (undecodable bytes are the runtime's ImageDecodeError -> 422).
 */
export async function readUploadedImage(request: FastifyRequest, uploadLimitBytes: number): Promise<Buffer> {
  const part = await readImagePart(request, uploadLimitBytes);
  const bytes = await readImageBytes(part, uploadLimitBytes);
  const type = part.mimetype.toLowerCase();
  if (!type.startsWith('image/') && !genericTypes.has(type)) {
    throw new HttpError(
      415,
      'ERR_NOT_AN_IMAGE',
      `'${part.filename || IMAGE_FIELD}' is ${type}, not an image; upload a JPEG, PNG, WebP, GIF, TIFF or AVIF file.`,
    );
  }
  if (bytes.length === 0) {
    throw new HttpError(422, 'ERR_IMAGE_EMPTY', `'${part.filename || IMAGE_FIELD}' is empty; upload an image file.`);
  }
  return bytes;
}
