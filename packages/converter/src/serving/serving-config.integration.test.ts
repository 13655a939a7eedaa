import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArgumentError, ArtifactNotFoundError, ImageClassifier, RemoteModelError } from '@hubvino/runtime';
import { type KServeModelServer, startKServeModelServer } from '@hubvino/runtime/remote';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { convert } from '../convert.js';
import { ConversionError } from '../errors/conversion-error.js';
import { runConverterCli } from '../test-support/run-process.js';
import { graceHopper, sharedLabels, sharedModels } from '../test-support/workspace-paths.js';
import type { ServingConfig } from './serving-config.js';
import { writeServingConfig } from './serving-config.js';

// The repository the converter writes (the TF Lite MobileNetV2 uint8 and MobileNetV1 0.25 float
// from ../shared), `serve-config` on it through the CLI, and a real kserve ModelServer (the serving
// toolchain) on 127.0.0.1 serving the result. Remote results must equal in-process results.
let scratch: string;
let repository: string;
let serving: ServingConfig;
let server: KServeModelServer;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'hubvino-serve-config-'));
  repository = join(scratch, 'models');
  await convert({ source: sharedModels.mobilenetV2Quant, name: 'mobilenet_v2', repository, labels: sharedLabels });
  await convert({ source: sharedModels.mobilenetV1Float, name: 'mobilenet_v1', repository, labels: sharedLabels });
  const cli = await runConverterCli(['serve-config', repository, '--json']);
  expect(cli.stderr).toBe('');
  expect(cli.code).toBe(0);
  serving = JSON.parse(cli.stdout) as ServingConfig;
  server = await startKServeModelServer({ config: serving.configFile });
});

afterAll(async () => {
  await server?.stop();
  await rm(scratch, { recursive: true, force: true });
});

describe('serve-config', () => {
  it('writes an OVMS config.json with one model_config_list entry per model and the version policy', async () => {
    expect(serving.output).toBe(`${repository}-serving`);
    const config = JSON.parse(await readFile(join(serving.output, 'config.json'), 'utf8'));
    expect(config).toEqual({
      model_config_list: ['mobilenet_v1', 'mobilenet_v2'].map((name) => ({
        config: {
          name,
          base_path: name,
          model_version_policy: { all: {} },
          target_device: 'CPU',
          plugin_config: { PERFORMANCE_HINT: 'THROUGHPUT' },
        },
      })),
    });
    for (const file of ['model.xml', 'model.bin', 'hubvino.json', 'labels.txt']) {
      expect((await stat(join(serving.output, 'mobilenet_v2', '1', file))).size).toBeGreaterThan(0);
    }
    expect(serving.models[1]?.versions[0]).toMatchObject({
      version: 1,
      task: 'image-classification',
      inputs: [{ name: 'input', elementType: 'u8', shape: [1, -1, -1, 3] }],
    });
  });

  it('prints the exact ovms command line and a KServe ServingRuntime + InferenceService', async () => {
    expect(serving.ovmsCommand).toBe(`ovms --config_path ${serving.output}/config.json --port 9000 --rest_port 8000`);
    const documents = parseAllDocuments(await readFile(serving.inferenceServiceFile, 'utf8')).map((document) =>
      document.toJS(),
    );
    expect(documents.map((document) => document.kind)).toEqual(['ServingRuntime', 'InferenceService']);
    expect(documents[0].spec.containers[0].args).toContain('--config_path=/mnt/models/config.json');
    expect(documents[1].spec.predictor.model).toMatchObject({
      modelFormat: { name: 'openvino_ir' },
      protocolVersion: 'v2',
      runtime: 'hubvino-ovms',
    });
  });

  it.each([
    ['mobilenet_v2', 'uint8 TF Lite, u8 input', ['military uniform']],
    // MobileNetV1 0.25 is a weak model: TF Lite's interpreter ranks suit 0.18-0.24, military uniform
    // 0.13-0.15 and bow tie 0.12-0.14 on this photo whatever the resize (full image -> bilinear with or
    // without antialiasing, Pillow bilinear or bicubic), and OpenVINO's top-1 among those three moves
    // with the inference precision (f32: suit; bf16: military uniform or bow tie) and the decoder's
    // reduction. The served and in-process answers must still agree exactly.
    ['mobilenet_v1', 'float TF Lite, x / 127.5 - 1 inside the served IR', ['suit', 'military uniform', 'bow tie']],
  ])('classifies grace_hopper.jpg remotely (%s, %s) exactly as in-process', async (model, _kind, plausible) => {
    using remote = await ImageClassifier.load({ endpoint: server.endpoint, model, version: 1, repository });
    // In-process with the properties the server compiles with (config.json plugin_config), so both
    // sides run the same IR with the same properties on the same CPU path.
    using local = await ImageClassifier.load(repository, model, { config: { PERFORMANCE_HINT: 'THROUGHPUT' } });
    const remoteTop = (await remote.classify(graceHopper, { topK: 5 })).classes;
    const localTop = (await local.classify(graceHopper, { topK: 5 })).classes;
    expect(remote.location).toMatchObject({
      kind: 'remote',
      where: server.endpoint,
      model: { name: model, version: 1 },
    });
    expect(local.location.kind).toBe('in-process');
    expect(plausible).toContain(remoteTop?.[0]?.label);
    // The same IR (pre-processing inside), OpenVINO build, properties and CPU path in both processes:
    // the scores agree to the bit for both models (measured here, AVX-512 with VNNI/BF16/AMX, where
    // the plugin's default precision is bf16: max |difference| 0; an AVX2 CPU runs f32 on both sides).
    expect(remoteTop).toEqual(localTop);
  });

  it('refuses a server that serves the published IR without the pre-processing, naming the fix', async () => {
    const raw = join(scratch, 'raw-serving');
    await mkdir(raw, { recursive: true });
    await writeFile(
      join(raw, 'config.json'),
      JSON.stringify({
        model_config_list: [{ config: { name: 'mobilenet_v2', base_path: join(repository, 'mobilenet_v2') } }],
      }),
    );
    const rawServer = await startKServeModelServer({ config: join(raw, 'config.json') });
    try {
      const error = await ImageClassifier.load({
        endpoint: rawServer.endpoint,
        model: 'mobilenet_v2',
        repository,
      }).catch((caught) => caught);
      expect(RemoteModelError.isInstance(error)).toBe(true);
      expect(error.message).toContain('u8[1,224,224,3]');
      expect(error.message).toContain('serve-config');
    } finally {
      await rawServer.stop();
    }
  });

  it('rejects an empty repository, an output inside the repository and a folder it did not write', async () => {
    await expect(writeServingConfig(join(scratch, 'empty'))).rejects.toSatisfy(ArtifactNotFoundError.isInstance);
    await expect(writeServingConfig(repository, { output: join(repository, 'serving') })).rejects.toSatisfy(
      ArgumentError.isInstance,
    );
    const foreign = join(scratch, 'foreign');
    await mkdir(foreign);
    const error = await writeServingConfig(repository, { output: foreign }).catch((caught) => caught);
    expect(error).toBeInstanceOf(ConversionError);
    expect(error.code).toBe('ERR_SERVING_OUTPUT_EXISTS');
  });
});
