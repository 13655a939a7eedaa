import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ClassificationService } from '../../inference/classification-service.js';
import { HttpError } from '../http-error.js';

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

function parseTopK(value: unknown): number | undefined {
  if (value === undefined || value === '') return undefined;
  const topK = Number(value);
  if (!Number.isInteger(topK) || topK < 1 || topK > 100) {
    throw new HttpError(
      400,
      'ERR_INVALID_ARGUMENT',
      `'topK' must be an integer from 1 to 100 (got ${JSON.stringify(value)}).`,
    );
  }
  return topK;
}

/**
 * `POST /api/classify?device=CPU&topK=5`: multipart/form-data with the image in the `image` field
 * -> the {@link ClassificationResult} as JSON. Too large -> 413; not an image -> 415 (declared type)
 * or 422 (undecodable bytes); unknown device -> 400.
 */
export function registerClassifyRoute(
  app: FastifyInstance,
  service: ClassificationService,
  uploadLimitBytes: number,
): void {
  app.post<{ Querystring: { device?: string; topK?: string } }>('/api/classify', async (request) => {
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
    const device = request.query.device || undefined;
    const topK = parseTopK(request.query.topK);
    return service.classify(bytes, { ...(device ? { device } : {}), ...(topK ? { topK } : {}) });
  });
}
