import { gzipSync } from 'node:zlib';

/** One entry of a hand-made tar (for archives real tools refuse to write: `../` paths, devices). */
export interface RawTarEntry {
  path: string;
  /** ustar type flag: '0' file, '2' symlink, '1' hard link, '3' char device, '5' directory. */
  type: '0' | '1' | '2' | '3' | '5';
  content?: Buffer;
  linkTarget?: string;
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
    field(header, 124, 12, octal(entry.type === '0' ? content.length : 0, 12));
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
