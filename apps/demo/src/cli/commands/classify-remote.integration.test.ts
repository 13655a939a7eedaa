import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeServingConfig } from '@hubvino/converter';
import { type KServeModelServer, startKServeModelServer } from '@hubvino/runtime/remote';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runDemo } from '../../test-support/demo-process.js';
import { GRACE_HOPPER_TOP1, sharedFiles } from '../../test-support/shared-files.js';
import type { ClassifyReport } from './classify-command.js';

// `demo classify --endpoint`: the demo's repository (converted by the test set-up), its
// serve-config output, served by a real kserve ModelServer on 127.0.0.1.
let scratch: string;
let server: KServeModelServer;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'hubvino-demo-remote-'));
  const serving = await writeServingConfig(inject('modelRepository'), { output: join(scratch, 'serving') });
  server = await startKServeModelServer({ config: serving.configFile });
});

afterAll(async () => {
  await server?.stop();
  await rm(scratch, { recursive: true, force: true });
});

describe('demo classify --endpoint (a kserve ModelServer serving the serve-config output)', () => {
  it('says "military uniform" for grace_hopper.jpg and reports that inference ran on the server', async () => {
    const args = ['classify', sharedFiles.graceHopper, '--repository', inject('modelRepository')];
    const remote = await runDemo([...args, '--endpoint', server.endpoint, '--json']);
    expect(remote.code, remote.stderr).toBe(0);
    const report = JSON.parse(remote.stdout) as ClassifyReport;
    expect(report.location).toMatchObject({ kind: 'remote', endpoint: server.endpoint, server: 'kserve 0.21.0' });
    const outcome = report.results[0];
    if (!outcome || !('predictions' in outcome)) throw new Error(remote.stdout);
    expect(outcome.predictions[0]?.label).toBe(GRACE_HOPPER_TOP1);

    const local = JSON.parse((await runDemo([...args, '--json'])).stdout) as ClassifyReport;
    expect(local.location.kind).toBe('in-process');
    const localOutcome = local.results[0];
    if (!localOutcome || !('predictions' in localOutcome)) throw new Error('no local predictions');
    // Same classes in the same order; scores to 1e-6. The demo compiles in-process with the default
    // hint (LATENCY) and the server with THROUGHPUT; bit-equality with equal properties is shown in
    // packages/converter/src/serving (measured difference here: 0).
    expect(outcome.predictions.map((p) => p.index)).toEqual(localOutcome.predictions.map((p) => p.index));
    for (const [rank, prediction] of outcome.predictions.entries()) {
      expect(prediction.score).toBeCloseTo(localOutcome.predictions[rank]?.score ?? Number.NaN, 6);
    }

    const table = await runDemo([...args, '--endpoint', server.endpoint]);
    expect(table.stdout.split('\n')[0]).toBe(
      `mobilenet_v2 v1 remotely: mobilenet_v2 version 1 at ${server.endpoint} (server kserve 0.21.0)`,
    );
  });

  it('fails with a typed error naming the endpoint when nothing serves there', async () => {
    const result = await runDemo([
      'classify',
      sharedFiles.graceHopper,
      '--repository',
      inject('modelRepository'),
      '--endpoint',
      'http://127.0.0.1:9',
      '--json',
    ]);
    expect(result.code).not.toBe(0);
    const { error } = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    expect(error.code).toBe('ERR_REMOTE_UNAVAILABLE');
    expect(error.message).toContain('http://127.0.0.1:9');
  });
});
