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
});
