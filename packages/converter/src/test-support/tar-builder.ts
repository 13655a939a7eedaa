import { deflateRawSync, gzipSync, constants as zlibConstants } from 'node:zlib';

/** One entry of a hand-made tar (for archives real tools refuse to write: `../` paths, devices). */
export interface RawTarEntry {
  path: string;
  /** ustar type flag: '0' file, '2' symlink, '1' hard link, '3' char device, '5' directory. */
  type: '0' | '1' | '2' | '3' | '5';
  content?: Buffer;
  linkTarget?: string;
  /** The size the header claims (default the content's length). */
  size?: number;
}

function field(header: Buffer, offset: number, length: number, value: string): void {
  header.write(value.slice(0, length), offset, length, 'latin1');
}

function octal(value: number, length: number): string {
  return `${value.toString(8).padStart(length - 1, '0')}\0`;
}

/** A ustar archive of `entries`, gzip-compressed unless `gzip` is false. Test support only. */
export function buildRawTar(entries: RawTarEntry[], gzip = true): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const content = entry.content ?? Buffer.alloc(0);
    const header = Buffer.alloc(512);
    field(header, 0, 100, entry.path);
    field(header, 100, 8, octal(entry.type === '5' ? 0o755 : 0o644, 8));
    field(header, 108, 8, octal(0, 8));
    field(header, 116, 8, octal(0, 8));
    field(header, 124, 12, octal(entry.type === '0' ? (entry.size ?? content.length) : 0, 12));
    field(header, 136, 12, octal(1_700_000_000, 12));
    field(header, 148, 8, '        ');
    field(header, 156, 1, entry.type);
    field(header, 157, 100, entry.linkTarget ?? '');
    field(header, 257, 6, 'ustar\0');
    field(header, 263, 2, '00');
    let sum = 0;
    for (const byte of header) sum += byte;
    field(header, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
    blocks.push(header);
    if (entry.type === '0' && content.length > 0) {
      blocks.push(content, Buffer.alloc((512 - (content.length % 512)) % 512));
    }
  }
  blocks.push(Buffer.alloc(1024));
  const tar = Buffer.concat(blocks);
  return gzip ? gzipSync(tar) : tar;
}

/**
 * A .tar.gz holding one file of `size` zero bytes (a decompression bomb: 3 GiB in ~3 MB), built by
 * repeating one full-flushed deflate block instead of compressing gigabytes. The gzip trailer's
 * CRC is not computed (an extractor that reads it all fails there anyway); only for tests that
 * expect extraction to stop early.
 */
export function zeroFileTarGz(path: string, size: number): Buffer {
  const header = buildRawTar([{ path, type: '0', size }], false).subarray(0, 512);
  const flush = { level: 9, finishFlush: zlibConstants.Z_FULL_FLUSH };
  const block = 1 << 20;
  const parts: Buffer[] = [Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]), deflateRawSync(header, flush)];
  const zeros = deflateRawSync(Buffer.alloc(block), flush);
  const total = size + ((512 - (size % 512)) % 512) + 1024;
  for (let index = 0; index < Math.floor(total / block); index += 1) parts.push(zeros);
  if (total % block > 0) parts.push(deflateRawSync(Buffer.alloc(total % block), flush));
  parts.push(Buffer.from([0x03, 0x00]), Buffer.alloc(8)); // final empty block; CRC and size left 0
  return Buffer.concat(parts);
}
