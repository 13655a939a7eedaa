import { deflateRawSync, deflateSync, constants as zlibConstants } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, index) => {
  let value = index;
  for (let bit = 0; bit < 8; bit += 1) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
  return value >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (crcTable[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(data.length, 0);
  header.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([header.subarray(4), data])), 0);
  return Buffer.concat([header, data, crc]);
}

const block = 1 << 20;

/**
 * The zlib stream of `length` zero bytes, built from one compressed 1 MB block repeated (a
 * full-flushed deflate block refers only to itself), so a 300 MB image row costs a few
 * milliseconds and ~300 KB instead of compressing 300 MB.
 */
function zeroZlibStream(length: number): Buffer {
  if (length <= 16 * block) return deflateSync(Buffer.alloc(length), { level: 9 });
  const full = deflateRawSync(Buffer.alloc(block), { level: 9, finishFlush: zlibConstants.Z_FULL_FLUSH });
  const parts: Buffer[] = [Buffer.from([0x78, 0xda])];
  for (let index = 0; index < Math.floor(length / block); index += 1) parts.push(full);
  const rest = length % block;
  if (rest > 0) parts.push(deflateRawSync(Buffer.alloc(rest), { level: 9, finishFlush: zlibConstants.Z_FULL_FLUSH }));
  parts.push(Buffer.from([0x03, 0x00])); // final, empty fixed-Huffman block
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((length % 65521) << 16) | 1) >>> 0, 0);
  parts.push(adler);
  return Buffer.concat(parts);
}

/**
 * A valid, all-black 8-bit RGB PNG of any size, small on disk: e.g. `zeroPng(100_000_000, 1)` is a
 * ~300 KB file that decodes to 300 MB — the shape of a decompression bomb.
 */
export function zeroPng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // depth 8, RGB, deflate, adaptive filters, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zeroZlibStream(height * (1 + 3 * width))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
