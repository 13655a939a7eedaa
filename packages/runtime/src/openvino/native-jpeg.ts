import { existsSync } from 'node:fs';
import koffi from 'koffi';
import { openVinoExtrasPath } from '../toolchain/openvino-extras.js';
import type { NativeFunction } from './library.js';

/**
 * The optional helper's JPEG decoder (libjpeg(-turbo), `hv_jpeg_*` in native/openvino-extras.cpp),
 * for the images it decodes to the same pixels as sharp: 8-bit YCbCr, RGB or grey JPEGs, turned by
 * their EXIF orientation, with no ICC profile or one of the sRGB profiles that sharp's conversion
 * leaves unchanged. It decodes in one thread, where sharp's libvips hands every strip between its
 * threads. Absent (undefined) when the helper is not built, was built without libjpeg, or
 * `HUBVINO_NATIVE_JPEG=0`; callers then decode with sharp.
 */
export interface NativeJpegDecoder {
  /**
   * The image's displayed size (after its EXIF orientation) when the decoder takes it (a header read,
   * in this thread); undefined when it is left to sharp.
   */
  probe(bytes: Uint8Array): JpegSize | undefined;
  /**
   * Decodes the probed image to RGB (HWC) scaled by `eighths`/8 (libjpeg-turbo's DCT scaling) on a
   * libuv worker thread, which reads `bytes` meanwhile: pass memory nothing else can change or
   * detach. Resolves undefined when libjpeg warned (truncated or corrupt data): the caller then
   * decodes with sharp, which reports it.
   */
  decode(bytes: Uint8Array, size: JpegSize, eighths: JpegEighths): Promise<Uint8Array | undefined>;
}

/** A JPEG's width and height as displayed (after its EXIF orientation). */
export interface JpegSize {
  width: number;
  height: number;
}

/** The scales libjpeg-turbo's DCT decodes at directly, in eighths: 1/8 to 8/8. */
export type JpegEighths = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

const prototypes = {
  hv_jpeg_supported: 'int hv_jpeg_supported()',
  hv_jpeg_probe:
    'int hv_jpeg_probe(const uint8_t *data, size_t size, _Out_ uint32_t *width, _Out_ uint32_t *height, _Out_ uint32_t *orientation)',
  hv_jpeg_decode: 'int hv_jpeg_decode(const uint8_t *data, size_t size, int eighths, void *out, size_t out_size)',
} as const;

/** What `hv_jpeg_supported()` returns for the decoder these prototypes describe (0: built without libjpeg). */
const JPEG_DECODER_VERSION = 3;

type JpegFunctions = Record<keyof typeof prototypes, NativeFunction>;

/** By helper path: its functions, or null when it is absent, cannot load, or has no JPEG decoder. */
const loaded = new Map<string, JpegFunctions | null>();
/**
 * The helper path found for each `HUBVINO_OPENVINO_EXTRAS` (empty: the toolchain's), once it exists,
 * so that each decode does not locate OpenVINO again (a few file checks).
 */
const helperPaths = new Map<string, string>();

function load(): JpegFunctions | null {
  const override = process.env.HUBVINO_OPENVINO_EXTRAS ?? '';
  let path = helperPaths.get(override);
  if (path === undefined) {
    try {
      path = openVinoExtrasPath();
    } catch {
      return null; // no OpenVINO distribution located: no helper either
    }
    // Not built (yet): looked for again on the next decode, so a helper built later is taken.
    if (!existsSync(path)) return null;
    helperPaths.set(override, path);
  }
  const known = loaded.get(path);
  if (known !== undefined) return known;
  let functions: JpegFunctions | null = null;
  try {
    const library = koffi.load(path);
    const declared = {} as JpegFunctions;
    for (const [name, prototype] of Object.entries(prototypes)) {
      declared[name as keyof typeof prototypes] = library.func(prototype) as NativeFunction;
    }
    if (declared.hv_jpeg_supported() === JPEG_DECODER_VERSION) functions = declared;
  } catch {
    // A helper built from an older source (no or other hv_jpeg_* functions) or one that cannot load: the
    // calls that need the helper say so; decoding quietly stays with sharp.
  }
  loaded.set(path, functions);
  return functions;
}

/** The size libjpeg decodes a `size` JPEG to at `eighths`/8 (it rounds each side up, so turning commutes). */
export function scaledJpegSize(size: JpegSize, eighths: JpegEighths): JpegSize {
  return { width: Math.ceil((size.width * eighths) / 8), height: Math.ceil((size.height * eighths) / 8) };
}

/** The helper's JPEG decoder, or undefined (see {@link NativeJpegDecoder}). */
export function nativeJpegDecoder(): NativeJpegDecoder | undefined {
  if (process.env.HUBVINO_NATIVE_JPEG === '0') return undefined;
  const functions = load();
  if (!functions) return undefined;
  return {
    probe(bytes) {
      const width: [number] = [0];
      const height: [number] = [0];
      const orientation: [number] = [1];
      if (functions.hv_jpeg_probe(bytes, bytes.byteLength, width, height, orientation) !== 0) return undefined;
      // Orientations 5 to 8 turn the image a quarter: displayed width = stored height.
      return orientation[0] >= 5 ? { width: height[0], height: width[0] } : { width: width[0], height: height[0] };
    },
    async decode(bytes, size, eighths) {
      const scaled = scaledJpegSize(size, eighths);
      const out = Buffer.allocUnsafe(scaled.width * scaled.height * 3);
      const status = await new Promise<number>((resolve, reject) => {
        functions.hv_jpeg_decode.async(
          bytes,
          bytes.byteLength,
          eighths,
          out,
          out.byteLength,
          (error: unknown, result: number) => (error ? reject(error) : resolve(result)),
        );
      });
      // -1: the buffer does not fit the image (bytes changed since the probe); sharp decodes it afresh.
      if (status === -1) return undefined;
      return status === 0 ? out : undefined;
    },
  };
}
