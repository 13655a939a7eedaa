import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureStyleModels } from '../model/ensure-style-models.js';
import { type DemoServerProcess, startDemoProcess } from '../test-support/demo-process.js';
import { multipartBody, postHead, rawRequest } from '../test-support/raw-http.js';
import { sharedFiles } from '../test-support/shared-files.js';
import { styleFiles } from '../test-support/style-files.js';
import { zeroPng } from '../test-support/zero-png.js';

/**
 * The demo server as a user starts it (its own process, so its memory is its own), under the
 * worst uploads we know and then a bounded fuzz run. Peak RSS is the kernel's high-water mark
 * (`VmHWM` in /proc/<pid>/status), reported on stderr and bounded.
 */

const ONE_GIGABYTE = 1024 * 1024 * 1024;
/** The fuzz run stops at whichever comes first. */
const FUZZ_REQUESTS = 1500;
const FUZZ_MILLISECONDS = 25_000;
const FUZZ_SEED = 0x5eed_1234;

/** mulberry32: a small seeded generator, so a failing run can be replayed from FUZZ_SEED. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

let repository: string;
let demo: DemoServerProcess;
let graceHopper: Buffer;
let styleImage: Buffer;

/** The server's peak and current resident memory in bytes. */
function serverMemory(): { peak: number; current: number } {
  const status = readFileSync(`/proc/${demo.child.pid}/status`, 'utf8');
  const kilobytes = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  return { peak: kilobytes('VmHWM') * 1024, current: kilobytes('VmRSS') * 1024 };
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(0)} MB`;
}

async function post(path: string, parts: Parameters<typeof multipartBody>[0]): Promise<number> {
  const { body, contentType } = multipartBody(parts);
  const response = await fetch(`${demo.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

beforeAll(async () => {
  graceHopper = await readFile(sharedFiles.graceHopper);
  styleImage = await readFile(styleFiles.kandinsky);
  repository = await mkdtemp(join(tmpdir(), 'hubvino-demo-adversarial-'));
  // The classifier from the run's shared repository, the style models converted here from ../shared.
  await symlink(join(inject('modelRepository'), 'mobilenet_v2'), join(repository, 'mobilenet_v2'), 'dir');
  await ensureStyleModels({ repository, log: () => {} });
  await mkdir(join(repository, 'tfhub-cache'), { recursive: true });
  demo = await startDemoProcess(['--port', '0', '--repository', repository], {
    HUBVINO_DEMO_SOURCE: sharedFiles.model,
    HUBVINO_DEMO_LABELS: sharedFiles.labels,
    TFHUB_CACHE_DIR: join(repository, 'tfhub-cache'),
  });
});

afterAll(async () => {
  const end = await demo?.stop();
  if (end) expect(end.code, end.stderr).toBe(0);
  await rm(repository, { recursive: true, force: true });
});

describe('demo server under hostile uploads (its own process, loopback HTTP)', () => {
  it('stays under 1 GB peak RSS with 8 concurrent worst-case uploads to classify and to stylize', async () => {
    // The largest image the limits let through (16384 px wide, 100 megapixels: 300 MB at full size,
    // ~300 KB on the wire), a row bomb the header check refuses, and a full 20 MB upload.
    const widest = zeroPng(16_384, 6103);
    const row = zeroPng(100_000_000, 1);
    const noise = Buffer.alloc(20 * 1024 * 1024 - 4096, 0x5a);
    const image = (data: Buffer, name = 'image') => ({ name, filename: `${name}.png`, type: 'image/png', data });
    const before = serverMemory();
    const classify = await Promise.all([
      ...Array.from({ length: 6 }, () => post('/api/classify', [image(widest)])),
      post('/api/classify', [image(row)]),
      post('/api/classify', [image(noise)]),
    ]);
    expect(classify.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(classify.slice(6)).toEqual([413, 422]);
    const stylize = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        post('/api/stylize', [
          image(index % 2 === 0 ? widest : styleImage, 'content'),
          image(index % 2 === 0 ? styleImage : widest, 'style'),
        ]),
      ),
    );
    expect(stylize).toEqual(Array.from({ length: 8 }, () => 200));
    const after = serverMemory();
    process.stderr.write(
      `demo server RSS: ${megabytes(before.current)} idle, peak ${megabytes(after.peak)} under 8 concurrent worst-case uploads (limit 1 GB)\n`,
    );
    expect(after.peak).toBeLessThan(ONE_GIGABYTE);
  });

  it('answers a bounded fuzz run (random and mutated images, cut multipart, odd headers) without a 5xx, a crash or a memory spike', async () => {
    const random = seededRandom(FUZZ_SEED);
    const integer = (limit: number) => Math.floor(random() * limit);
    const pick = <T>(values: readonly T[]): T => values[integer(values.length)] as T;
    const smallPng = zeroPng(64, 48);
    const seeds = [graceHopper, smallPng, styleImage.subarray(0, 60_000)];
    const mutate = (bytes: Buffer): Buffer => {
      const copy = Buffer.from(bytes);
      switch (integer(4)) {
        case 0: // flip bytes, the header included
          for (let flips = 1 + integer(16); flips > 0; flips -= 1)
            copy[integer(Math.min(copy.length, 600))] = integer(256);
          return copy;
        case 1: // truncate
          return copy.subarray(0, integer(copy.length));
        case 2: // claim another size in a PNG header (IHDR width/height at bytes 16-23)
          if (copy.subarray(1, 4).toString('latin1') === 'PNG') {
            copy.writeUInt32BE(integer(2 ** 32), 16);
            copy.writeUInt32BE(integer(2 ** 32), 20);
          }
          return copy;
        default: // random bytes behind a real signature
          return Buffer.concat([
            copy.subarray(0, 8),
            Buffer.from(Array.from({ length: integer(4096) }, () => integer(256))),
          ]);
      }
    };
    // Mostly well-formed types and queries, so that most cases reach the decoder.
    const types = ['image/jpeg', 'image/png', 'image/jpeg', 'image/png', 'application/octet-stream', 'text/plain', ''];
    const queries = [
      '',
      '',
      '',
      '',
      '',
      '?topK=3',
      '?topK=0',
      '?topK=abc',
      '?device=GPU.9',
      '?device=CPU',
      '?strength=0.5',
      '?strength=NaN',
      '?format=bmp',
    ];
    const statuses = new Map<number | string, number>();
    const failures: string[] = [];
    const count = (key: number | string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);

    const oneCase = async (index: number): Promise<void> => {
      const kind = integer(6);
      const path = pick(['/api/classify', '/api/stylize']);
      const query = pick(queries);
      const file = (name: string) => ({ name, filename: `${name}.bin`, type: pick(types), data: mutate(pick(seeds)) });
      const parts = path === '/api/classify' ? [file('image')] : [file('content'), file('style')];
      const label = `case ${index} (kind ${kind}, ${path}${query})`;
      if (kind <= 2) {
        // Mutated or random images in an otherwise valid form.
        const { body, contentType } = multipartBody(
          kind === 2 ? [...parts, file(pick(['image', 'extra', 'style']))] : parts,
        );
        const response = await fetch(`${demo.url}${path}${query}`, {
          method: 'POST',
          headers: { 'content-type': contentType },
          body,
        });
        await response.arrayBuffer();
        count(response.status);
        if (response.status >= 500 && response.status !== 503) failures.push(`${label}: ${response.status}`);
        return;
      }
      if (kind === 3) {
        // A multipart body cut short, with an honest or a lying Content-Length.
        const { body, contentType } = multipartBody(parts);
        const cut = body.subarray(0, integer(body.length));
        const response = await rawRequest(
          demo.url,
          postHead(`${path}${query}`, contentType, random() < 0.5 ? cut.length : body.length),
          cut,
          { end: true },
        );
        count(response.status ?? 'closed');
        if ((response.status ?? 0) >= 500) failures.push(`${label}: ${response.status}`);
        return;
      }
      // Odd headers: broken boundaries, huge or duplicated headers, bad chunked bodies, garbage.
      const { body } = multipartBody(parts);
      const heads = [
        postHead(path, 'multipart/form-data', body.length),
        postHead(path, 'multipart/form-data; boundary=', body.length),
        postHead(path, `multipart/form-data; boundary=${'x'.repeat(300)}`, body.length),
        postHead(
          path,
          'multipart/form-data; boundary=----hubvino-test-boundary',
          body.length,
          `X-Junk: ${'a'.repeat(20_000)}\r\n`,
        ),
        postHead(
          path,
          'multipart/form-data; boundary=----hubvino-test-boundary',
          body.length,
          `Content-Length: ${body.length + 1}\r\n`,
        ),
        `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=----hubvino-test-boundary\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n`,
        `${Buffer.from(Array.from({ length: 64 }, () => 32 + integer(95))).toString('latin1')}\r\n\r\n`,
        `GET /api/info?${'%'.repeat(integer(3000))} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      ];
      const response = await rawRequest(demo.url, pick(heads), kind === 4 ? body : Buffer.alloc(0), { end: true });
      count(response.status ?? 'closed');
      if ((response.status ?? 0) >= 500) failures.push(`${label}: ${response.status}`);
    };

    const started = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < FUZZ_REQUESTS && Date.now() - started < FUZZ_MILLISECONDS) await oneCase(next++);
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    const memory = serverMemory();
    process.stderr.write(
      `demo fuzz: ${next} cases in ${Date.now() - started} ms (seed ${FUZZ_SEED}); statuses ${JSON.stringify(Object.fromEntries(statuses))}; server peak RSS ${megabytes(memory.peak)}, now ${megabytes(memory.current)}\n`,
    );
    expect(failures).toEqual([]);
    expect(next).toBeGreaterThan(50);
    expect(memory.peak).toBeLessThan(ONE_GIGABYTE);
    // Still alive and still right.
    const form = new FormData();
    form.append('image', new Blob([graceHopper], { type: 'image/jpeg' }), 'grace_hopper.jpg');
    const response = await fetch(`${demo.url}/api/classify`, { method: 'POST', body: form });
    expect(response.status).toBe(200);
    expect(demo.stderr()).not.toMatch(/failed:|ERR_INTERNAL/);
  });
});
