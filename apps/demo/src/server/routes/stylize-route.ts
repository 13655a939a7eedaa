import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StyleTransferService } from '../../inference/style-transfer-service.js';
import { HttpError } from '../http-error.js';

/** The multipart fields that carry the two images. */
export const CONTENT_FIELD = 'content';
export const STYLE_FIELD = 'style';

const genericTypes = new Set(['application/octet-stream', '']);

function tooLarge(uploadLimitBytes: number): HttpError {
  return new HttpError(
    413,
    'ERR_UPLOAD_TOO_LARGE',
    `An upload is larger than the ${Math.round(uploadLimitBytes / (1024 * 1024))} MB limit; pick a smaller image.`,
  );
}

/** Reads the `content` and `style` files of a multipart request (other fields are ignored). */
async function readImages(
  request: FastifyRequest,
  uploadLimitBytes: number,
): Promise<{ content: Buffer; style: Buffer }> {
  if (!request.isMultipart()) {
    throw new HttpError(
      415,
      'ERR_UNSUPPORTED_MEDIA_TYPE',
      `Send multipart/form-data with the images in the '${CONTENT_FIELD}' and '${STYLE_FIELD}' fields (got ${request.headers['content-type'] ?? 'no content type'}).`,
    );
  }
  const files = new Map<string, Buffer>();
  try {
    for await (const part of request.parts({ limits: { fileSize: uploadLimitBytes, files: 2 } })) {
      if (part.type !== 'file') continue;
      const type = part.mimetype.toLowerCase();
      let bytes: Buffer;
      try {
        bytes = await part.toBuffer();
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(uploadLimitBytes);
        throw error;
      }
      if (part.file.truncated) throw tooLarge(uploadLimitBytes);
      if (!type.startsWith('image/') && !genericTypes.has(type)) {
        throw new HttpError(
          415,
          'ERR_NOT_AN_IMAGE',
          `'${part.filename || part.fieldname}' is ${type}, not an image; upload a JPEG, PNG, WebP, GIF, TIFF or AVIF file.`,
        );
      }
      files.set(part.fieldname, bytes);
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    if ((error as { code?: string }).code === 'FST_FILES_LIMIT') {
      throw new HttpError(400, 'ERR_BAD_MULTIPART', `Send exactly two files: '${CONTENT_FIELD}' and '${STYLE_FIELD}'.`);
    }
    throw new HttpError(
      400,
      'ERR_BAD_MULTIPART',
      `The upload is not valid multipart/form-data: ${(error as Error).message}`,
    );
  }
  const content = files.get(CONTENT_FIELD);
  const style = files.get(STYLE_FIELD);
  if (content === undefined || style === undefined) {
    const missing = content === undefined ? CONTENT_FIELD : STYLE_FIELD;
    throw new HttpError(
      400,
      'ERR_NO_IMAGE',
      `The form has no '${missing}' file; send both '${CONTENT_FIELD}' and '${STYLE_FIELD}'.`,
    );
  }
  for (const [field, bytes] of [
    [CONTENT_FIELD, content],
    [STYLE_FIELD, style],
  ] as const) {
    if (bytes.length === 0)
      throw new HttpError(422, 'ERR_IMAGE_EMPTY', `The '${field}' image is empty; upload an image file.`);
  }
  return { content, style };
}

function parseStrength(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const strength = Number(value);
  if (!Number.isFinite(strength) || strength < 0 || strength > 1) {
    throw new HttpError(
      400,
      'ERR_INVALID_ARGUMENT',
      `'strength' must be a number from 0 to 1 (got ${JSON.stringify(value)}).`,
    );
  }
  return strength;
}

function parseFormat(value: string | undefined): 'png' | 'jpeg' | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'png' || value === 'jpeg') return value;
  throw new HttpError(400, 'ERR_INVALID_ARGUMENT', `'format' must be png or jpeg (got ${JSON.stringify(value)}).`);
}

/**
 * `POST /api/stylize?strength=0.8&format=png`: multipart/form-data with the `content` and `style`
 * images -> the stylized image (`image/png` or `image/jpeg`) at the content image's size. The
 * `X-Hubvino-Timings` header holds the server's timings as JSON, `X-Hubvino-Models` the two
 * artifacts. Errors: 400 bad strength/format/form, 413 too large, 415 not an image, 422
 * undecodable bytes, 503 when the style models cannot be made.
 */
export function registerStylizeRoute(
  app: FastifyInstance,
  service: StyleTransferService,
  uploadLimitBytes: number,
): void {
  app.post<{ Querystring: { strength?: string; format?: string } }>('/api/stylize', async (request, reply) => {
    const strength = parseStrength(request.query.strength);
    const format = parseFormat(request.query.format);
    const { content, style } = await readImages(request, uploadLimitBytes);
    const result = await service.stylize(content, style, {
      ...(strength === undefined ? {} : { strength }),
      ...(format === undefined ? {} : { format }),
    });
    return reply
      .type(result.mimeType)
      .header('x-hubvino-timings', JSON.stringify(result.timings))
      .header(
        'x-hubvino-models',
        `${result.models.prediction.name}/${result.models.prediction.version} ${result.models.transfer.name}/${result.models.transfer.version}`,
      )
      .header('x-hubvino-size', `${result.width}x${result.height}`)
      .send(result.image);
  });
}
