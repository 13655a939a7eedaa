import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeServingConfig } from '@hubvino/converter';
import { decodeImage } from '@hubvino/runtime';
import { RemoteModel, startKServeModelServer } from '@hubvino/runtime/remote';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedImagesDirectory } from '../models/model-sources.js';
import { prepareModel } from '../models/prepare-models.js';
import type { PreparedModel } from '../models/prepared-model.js';
import { runLoadTest } from './load-test.js';
import { measureRemoteLoad } from './remote-load.js';

// The short load tests of the suite; `pnpm bench` runs the full one (64 clients, 20 s) and writes
// its figures into BENCHMARKS.md. The TF Lite MobileNetV2 uint8 from ../shared, converted by the
// converter, served by a real kserve ModelServer on 127.0.0.1 from the serve-config output.
const MILITARY_UNIFORM = 653; // TF Hub's 1001-class index ("background" first)
let scratch: string;
let model: PreparedModel;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'hubvino-remote-load-'));
  model = await prepareModel('tflite-uint8', scratch);
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('remote load', () => {
  it('answers every call of 8 concurrent clients for 2 s, with the same top-1 class as in-process', async () => {
    const measurement = await measureRemoteLoad(model, {
      clients: 8,
      durationSeconds: 2,
      image: join(sharedImagesDirectory, 'grace_hopper.jpg'),
      workDirectory: scratch,
    });
    expect(measurement.remote.failed).toBe(0);
    expect(measurement.remote.completed).toBeGreaterThan(8);
    expect(measurement.remote.throughput).toBeGreaterThan(0);
    expect(measurement.remote.latencyMs.p99).toBeGreaterThanOrEqual(measurement.remote.latencyMs.p50);
    expect(measurement.inProcess.failed).toBe(0);
    expect(measurement.top1).toEqual({ remote: MILITARY_UNIFORM, inProcess: MILITARY_UNIFORM });
  });

  it('turns a server killed mid-run into typed errors within the time-out, not a hang', async () => {
    const serving = await writeServingConfig(model.artifact.repository, { output: join(scratch, 'serving-kill') });
    const server = await startKServeModelServer({ config: serving.configFile });
    const decoded = await decodeImage(join(sharedImagesDirectory, 'grace_hopper.jpg'), {
      reduceTowards: { height: 224, width: 224 },
    });
    const input = serving.models[0]?.versions[0]?.inputs[0]?.name as string;
    const timeoutMs = 5000;
    using remote = await RemoteModel.connect({
      endpoint: server.endpoint,
      model: model.artifact.name,
      timeoutMs,
      retry: { retries: 2, initialDelayMs: 50 },
      maxConcurrency: 16,
    });
    const tensor = { elementType: 'u8' as const, shape: [1, decoded.height, decoded.width, 3], data: decoded.data };
    await remote.infer({ [input]: tensor }); // the server answers before the load starts
    // Killed (SIGKILL, no goodbye) once 10 calls were answered, with calls in flight.
    let answered = 0;
    const call = async () => {
      await remote.infer({ [input]: tensor });
      answered += 1;
      if (answered === 10) server.process.kill('SIGKILL');
    };
    const durationMs = 6000;
    const started = performance.now();
    try {
      const result = await runLoadTest({ concurrency: 16, durationMs, call });
      const elapsed = performance.now() - started;
      expect(result.completed).toBeGreaterThanOrEqual(10);
      expect(result.failed).toBeGreaterThan(0);
      expect(
        Object.keys(result.errorsByCode).every((code) =>
          ['ERR_REMOTE_UNAVAILABLE', 'ERR_REMOTE_TIMEOUT'].includes(code),
        ),
        JSON.stringify(result.errorsByCode),
      ).toBe(true);
      // The run's duration, plus at most one time-out and the retries' back-off for the last calls.
      expect(elapsed).toBeLessThan(durationMs + timeoutMs + 2000);
    } finally {
      await server.stop();
    }
  });
});
