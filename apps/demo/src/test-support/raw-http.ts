import { connect, type Socket } from 'node:net';

/** A multipart/form-data body built by hand, so tests can cut it, bend it or add odd parts. */
export function multipartBody(
  parts: { name: string; filename?: string; type?: string; data: Uint8Array | string }[],
  boundary = '----hubvino-test-boundary',
): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    const type = part.type === undefined ? '' : `Content-Type: ${part.type}\r\n`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`));
    chunks.push(Buffer.from(part.data));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The status code and body of a raw HTTP/1.1 exchange, or how the server ended it. */
export interface RawResponse {
  status: number | undefined;
  text: string;
  /** Milliseconds from connecting to the server closing the connection. */
  closedAfterMs: number;
}

function parseUrl(url: string): { host: string; port: number } {
  const { hostname, port } = new URL(url);
  return { host: hostname, port: Number(port) };
}

/**
 * Sends `head` and `body` (possibly fewer bytes than its Content-Length says) on a fresh
 * connection, half-closes it when `end` is set, and resolves when the server closes it.
 */
export function rawRequest(
  url: string,
  head: string,
  body: Buffer = Buffer.alloc(0),
  options: { end?: boolean; timeoutMs?: number } = {},
): Promise<RawResponse> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(parseUrl(url));
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open for ${options.timeoutMs ?? 10_000} ms`));
    }, options.timeoutMs ?? 10_000);
    socket.on('connect', () => {
      socket.write(head);
      if (body.length > 0) socket.write(body);
      if (options.end) socket.end();
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
      resolve({ status: status === undefined ? undefined : Number(status), text, closedAfterMs: Date.now() - started });
    });
  });
}

/** The request head of a POST with `contentType` claiming `contentLength` bytes. */
export function postHead(path: string, contentType: string, contentLength: number, extra = ''): string {
  return `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${contentType}\r\nContent-Length: ${contentLength}\r\nConnection: close\r\n${extra}\r\n`;
}
