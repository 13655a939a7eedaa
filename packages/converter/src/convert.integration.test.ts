import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ArgumentError,
  ArtifactCorruptError,
  Core,
  chooseCpuPrecision,
  ImageClassifier,
  loadArtifact,
  readCpuFeatures,
  Tensor,
} from '@hubvino/runtime';
import { listModelVersions, manifestSchema, readManifest, verifyArtifactFiles } from '@hubvino/runtime/artifact';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { convert } from './convert.js';
import { ConversionError } from './errors/conversion-error.js';
import { SourceError } from './errors/source-error.js';
import { ValidationError } from './errors/validation-error.js';
import type { ConvertProgressEvent } from './progress-events.js';
import { sha256Source } from './source/source-digest.js';
import { prefillImageNetLabels } from './test-support/imagenet-labels.js';
import { runModuleScript } from './test-support/run-process.js';
import { ensureSavedModelFixture, readNpy, type SavedModelFixture } from './test-support/saved-model-fixture.js';
import {
  graceHopper,
  hasShared,
  packageDirectory,
  sharedLabels,
  sharedModels,
} from './test-support/workspace-paths.js';

let repository: string;
let cache: string;
let fixture: SavedModelFixture;
let previousCache: string | undefined;

beforeAll(async () => {
  repository = await mkdtemp(join(tmpdir(), 'hubvino-repo-'));
  cache = await mkdtemp(join(tmpdir(), 'hubvino-cache-'));
  // 1001-class classifiers without labels get TF's ImageNetLabels.txt from the cache: pre-filled
  // from ../shared, never fetched (also for the child processes below, through the environment).
  await prefillImageNetLabels(cache);
  previousCache = process.env.TFHUB_CACHE_DIR;
  process.env.TFHUB_CACHE_DIR = cache;
  fixture = await ensureSavedModelFixture();
});

afterAll(async () => {
  if (previousCache === undefined) delete process.env.TFHUB_CACHE_DIR;
  else process.env.TFHUB_CACHE_DIR = previousCache;
  await rm(repository, { recursive: true, force: true });
  await rm(cache, { recursive: true, force: true });
});

/** Files in the repository that are not published versions (staging folders, locks). */
async function strayEntries(): Promise<string[]> {
  return (await readdir(repository)).filter((entry) => entry.startsWith('.'));
}

describe.runIf(hasShared)('convert() on the genuine TF Lite models in ../shared', () => {
  // Every model in ../shared but the SSD detector (its post-processing op is another issue), with
  // default options: validated against TF Lite's own interpreter, run as the runtime will run it here.
  it.each([
    ['mobilenet-v2-quant', sharedModels.mobilenetV2Quant, 'image-classification', 'uint8', 'softmax', 1001],
    ['mobilenet-v2-tf2-ptq', sharedModels.mobilenetV2Tf2Ptq, 'image-classification', 'uint8', 'none', 1001],
    ['mobilenet-v1-float', sharedModels.mobilenetV1Float, 'image-classification', 'float-minus1-1', 'none', 1001],
    ['mobilenet-v1-quant', sharedModels.mobilenetV1Quant, 'image-classification', 'uint8', 'none', 1001],
    ['deeplab', sharedModels.deeplab, 'image-segmentation', 'float-minus1-1', 'none', 21],
    ['movenet', sharedModels.movenet, 'pose-estimation', 'uint8', undefined, 0],
    ['magenta-prediction', sharedModels.magentaPrediction, 'style-transfer', 'float-0-1', undefined, 0],
    ['magenta-transfer', sharedModels.magentaTransfer, 'style-transfer', 'float-0-1', undefined, 0],
    ['yamnet', sharedModels.yamnet, 'audio-classification', undefined, 'none', 521],
  ] as const)(
    'converts, validates against LiteRT and publishes %s',
    async (name, source, task, valueRange, activation, labels) => {
      const events: ConvertProgressEvent['type'][] = [];
      const result = await convert(
        { source, name, repository, hub: { cacheDirectory: cache } },
        { onProgress: (event) => events.push(event.type) },
      );
      expect(result.status).toBe('published');
      expect(result.version).toBe(1);
      expect(events[0]).toBe('resolve');
      expect(events.slice(-2)).toEqual(['publish', 'done']);
      expect(events).toContain('validate');
      const files = (await readdir(result.directory)).sort();
      expect(files).toEqual(['hubvino.json', ...(labels ? ['labels.txt'] : []), 'model.bin', 'model.xml']);
      const manifest = await readManifest(result.directory);
      expect(manifest.postprocessing?.activation).toBe(activation);
      expect(manifestSchema.parse(manifest)).toEqual(manifest);
      await verifyArtifactFiles(result.directory, manifest);
      expect(manifest.task).toBe(task);
      expect(manifest.preprocessing?.valueRange).toBe(valueRange);
      expect(manifest.source.format).toBe('tflite');
      expect(manifest.conversion.compressToFp16).toBe(true);
      if (labels)
        expect((await readFile(join(result.directory, 'labels.txt'), 'utf8')).trim().split('\n')).toHaveLength(labels);
      const validation = manifest.validation;
      const reference = validation?.references[0];
      expect(validation?.references.map((entry) => entry.kind)).toEqual(['litert']);
      expect(reference?.description).toMatch(/^LiteRT 2\.3\.0 interpreter/);
      expect(reference?.passed).toBe(true);
      expect(Object.keys(reference?.metrics ?? {})).toEqual(expect.arrayContaining(['maxAbsDiff', 'relativeL2']));
      // Judged on the task's terms: keypoint distances for MoveNet, per-window class scores for YAMNet.
      if (task === 'pose-estimation') expect(Object.keys(reference?.limits ?? {})).toContain('keypointMeanDistance');
      if (task === 'audio-classification') expect(Object.keys(reference?.limits ?? {})).toContain('top1Agreement');
      // Which CPU and which compile config: the runtime's decision for this artifact on this CPU.
      const cpu = readCpuFeatures();
      expect(validation?.cpu).toMatchObject({ model: cpu.model, int8: cpu.int8, isa: cpu.isa });
      using artifact = await loadArtifact(repository, name);
      expect(validation?.compile?.config).toEqual(
        Object.fromEntries(Object.entries(artifact.config).map(([key, value]) => [key, String(value)])),
      );
      if (manifest.conversion.quantized) {
        const paths = validation?.precisionPaths ?? [];
        expect(paths.filter((path) => path.measuredOn === 'native').map((path) => path.lowPrecision)).toEqual([
          'on',
          'off',
        ]);
        if (cpu.int8 === 'exact') expect(paths.some((path) => path.cpuClass === 'int8-saturating')).toBe(true);
      }
      console.info(
        `${name}: vs LiteRT ${JSON.stringify(reference?.metrics)}; paths ${JSON.stringify(validation?.precisionPaths?.map((path) => [path.cpuClass, path.lowPrecision, path.passed, path.metrics.relativeL2]))}`,
      );
      expect(await strayEntries()).toEqual([]);
    },
  );

  it('records that the saturating u8 path breaks Magenta style prediction, so the runtime avoids it without VNNI', async () => {
    const manifest = await readManifest(join(repository, 'magenta-prediction', '1'));
    const saturatingOn = manifest.validation?.precisionPaths?.find(
      (path) => path.cpuClass === 'int8-saturating' && path.lowPrecision === 'on',
    );
    // Measured natively on an AVX2 CPU, or emulated (ONEDNN_MAX_CPU_ISA=AVX2) on one with VNNI: 0.237 vs 0.06 allowed.
    expect(saturatingOn?.passed).toBe(false);
    expect(saturatingOn?.metrics.relativeL2).toBeGreaterThan(0.1);
    const saturatingOff = manifest.validation?.precisionPaths?.find(
      (path) => path.cpuClass === 'int8-saturating' && path.lowPrecision === 'off',
    );
    expect(saturatingOff?.passed).toBe(true);
    const decision = chooseCpuPrecision({ cpu: { ...readCpuFeatures(), int8: 'saturating' }, manifest });
    expect(decision.lowPrecision).toBe('off');
  });

  it('records the uint8 MobileNetV2 output dequantization read from the .tflite and classifies grace_hopper.jpg as "military uniform"', async () => {
    // The artifact published above with default options (TF's ImageNet labels from the cache).
    const directory = join(repository, 'mobilenet-v2-quant', '1');
    const manifest = await readManifest(directory);
    // TF Lite interpreter (TensorFlow 2.21) reports output quantization (0.0988925..., 58): logits.
    expect(manifest.postprocessing?.dequantization?.zeroPoint).toBe(58);
    expect(manifest.postprocessing?.dequantization?.scale).toBeCloseTo(0.0988925397, 9);
    expect(manifest.postprocessing?.activation).toBe('softmax');
    expect(manifest.postprocessing?.labelOffset).toBe(1);
    expect(await readFile(join(directory, 'labels.txt'))).toEqual(await readFile(sharedLabels));
    const classifier = await ImageClassifier.load(repository, 'mobilenet-v2-quant');
    try {
      const [top] = (await classifier.classify(graceHopper, { topK: 1 })).classes;
      expect(top?.label).toBe('military uniform');
      expect(top?.index).toBe(653);
    } finally {
      classifier.dispose();
    }
  });

  it('publishes the next version, keeps published versions unchanged, and honours --if-changed', async () => {
    const first = await convert({ source: sharedModels.mobilenetV1Float, name: 'versions', repository });
    const bin = await readFile(join(first.directory, 'model.bin'));
    const unchanged = await convert({
      source: sharedModels.mobilenetV1Float,
      name: 'versions',
      repository,
      ifChanged: true,
    });
    expect(unchanged.status).toBe('unchanged');
    expect(unchanged.version).toBe(1);
    const second = await convert({ source: sharedModels.mobilenetV1Float, name: 'versions', repository, fp16: false });
    expect(second.version).toBe(2);
    expect(second.manifest.conversion.compressToFp16).toBe(false);
    expect(second.manifest.validation?.references[0]?.maxAbsDiff).toBeLessThan(0.05);
    const same = await convert({
      source: sharedModels.mobilenetV1Float,
      name: 'versions',
      repository,
      fp16: false,
      ifChanged: true,
    });
    expect(same.status).toBe('unchanged');
    expect(same.version).toBe(2);
    // The latest (2) is FP32; asking for FP16 weights is a change: version 3 is published.
    const changed = await convert({
      source: sharedModels.mobilenetV1Float,
      name: 'versions',
      repository,
      ifChanged: true,
    });
    expect(changed.status).toBe('published');
    expect(changed.version).toBe(3);
    await expect(
      convert({ source: sharedModels.mobilenetV1Float, name: 'versions', repository, version: 1 }),
    ).rejects.toMatchObject({ code: 'ERR_VERSION_EXISTS' });
    expect(await readFile(join(first.directory, 'model.bin'))).toEqual(bin);
    expect(await listModelVersions(repository, 'versions')).toEqual([1, 2, 3]);
  });

  it('with --if-changed, refuses (ArtifactCorruptError naming the manifest) when the latest manifest is unreadable, publishing nothing', async () => {
    const broken = join(repository, 'if-changed-broken', '1');
    await mkdir(broken, { recursive: true });
    await writeFile(join(broken, 'hubvino.json'), '{ not json');
    const error = await convert({
      source: sharedModels.mobilenetV1Float,
      name: 'if-changed-broken',
      repository,
      ifChanged: true,
    }).catch((caught: unknown) => caught);
    expect(ArtifactCorruptError.isInstance(error)).toBe(true);
    expect((error as ArtifactCorruptError).file).toBe(join(broken, 'hubvino.json'));
    expect((error as Error).message).toMatch(/ifChanged.*version 1/);
    expect(await listModelVersions(repository, 'if-changed-broken')).toEqual([1]);
    expect(await strayEntries()).toEqual([]);
  });

  it('refuses to publish when the difference is above --max-abs-diff, leaving no version', async () => {
    const error = await convert({
      source: sharedModels.mobilenetV1Float,
      name: 'too-strict',
      repository,
      maxAbsDiff: 0,
      fp16: true,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).category).toBe('validation');
    expect(await listModelVersions(repository, 'too-strict')).toEqual([]);
    expect(await strayEntries()).toEqual([]);
  });

  it('rejects an inputShape that does not fit with ArgumentError naming it', async () => {
    const error = await convert({
      source: sharedModels.mobilenetV1Float,
      name: 'bad-shape',
      repository,
      inputShape: '1,100',
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).argument).toBe('inputShape');
    expect(await listModelVersions(repository, 'bad-shape')).toEqual([]);
  });

  it('rejects an unwritable repository with ConversionError ERR_REPOSITORY_NOT_WRITABLE', async () => {
    const readOnly = join(repository, 'read-only');
    await mkdir(readOnly);
    await chmod(readOnly, 0o500);
    try {
      const error = await convert({
        source: sharedModels.mobilenetV1Float,
        name: 'x',
        repository: join(readOnly, 'models'),
      }).catch((caught: unknown) => caught);
      // root ignores permissions: then the conversion simply succeeds (nothing to assert about the error).
      if (process.getuid?.() !== 0) {
        expect(error).toBeInstanceOf(ConversionError);
        expect((error as ConversionError).code).toBe('ERR_REPOSITORY_NOT_WRITABLE');
      } else {
        const notADirectory = join(repository, 'versions', '1', 'model.xml', 'models');
        const rootError = await convert({
          source: sharedModels.mobilenetV1Float,
          name: 'x',
          repository: notADirectory,
        }).catch((caught: unknown) => caught);
        expect(rootError).toBeInstanceOf(ConversionError);
        expect((rootError as ConversionError).code).toBe('ERR_REPOSITORY_NOT_WRITABLE');
      }
    } finally {
      await chmod(readOnly, 0o700);
    }
  });

  it('rejects a file that is not a model with SourceError and a missing path with ERR_SOURCE_NOT_FOUND', async () => {
    await expect(convert({ source: graceHopper, name: 'jpeg', repository })).rejects.toBeInstanceOf(SourceError);
    await expect(convert({ source: '/nonexistent/model.tflite', name: 'missing', repository })).rejects.toMatchObject({
      code: 'ERR_SOURCE_NOT_FOUND',
      category: 'source',
    });
  });

  it('serialises two concurrent conversions to one name (two processes): versions 1 and 2, none clobbered', async () => {
    const script = `
      const { convert } = await import(${JSON.stringify(join(packageDirectory, 'dist', 'index.js'))});
      const result = await convert({ source: process.argv[1], name: 'race', repository: process.argv[2] });
      process.stdout.write(JSON.stringify({ version: result.version, sha: result.manifest.files.map((f) => f.sha256) }));
    `;
    const runOne = async (): Promise<{ version: number }> => {
      const result = await runModuleScript(script, [sharedModels.mobilenetV1Float, repository]);
      if (result.code !== 0) throw new Error(result.stderr);
      return JSON.parse(result.stdout);
    };
    const results = await Promise.all([runOne(), runOne()]);
    expect(results.map((result) => result.version).sort()).toEqual([1, 2]);
    for (const version of [1, 2]) {
      const directory = join(repository, 'race', String(version));
      const manifest = await readManifest(directory);
      expect(manifest.version).toBe(version);
      await verifyArtifactFiles(directory, manifest);
    }
    expect(await strayEntries()).toEqual([]);
  });
});

describe('convert() on the TensorFlow-made SavedModel fixture', () => {
  it("matches TensorFlow's stored output within 1e-4 with FP32 weights (and within 0.05 with FP16)", async () => {
    const input = readNpy(fixture.inputPath);
    const expected = readNpy(fixture.expectedOutputPath);
    const core = new Core();
    try {
      for (const fp16 of [false, true]) {
        const result = await convert({
          source: fixture.savedModelDirectory,
          name: `fixture-fp${fp16 ? 16 : 32}`,
          repository,
          fp16,
        });
        expect(result.manifest.source.format).toBe('saved-model');
        expect(result.manifest.inputs[0]?.shape).toEqual([1, 224, 224, 3]);
        expect(result.manifest.task).toBe('image-classification');
        expect(result.manifest.preprocessing?.valueRange).toBe('float-0-1');
        expect(result.manifest.postprocessing).toMatchObject({ activation: 'softmax', labelOffset: 1 });
        const compiled = await core.compileModel(join(result.directory, 'model.xml'), 'CPU', {
          INFERENCE_PRECISION_HINT: 'f32',
        });
        const request = compiled.createInferRequest();
        const output = (await request.inferAsync([new Tensor('f32', [1, 224, 224, 3], input.data as Float32Array)]))
          .logits;
        let worst = 0;
        let best = 0;
        const values = output?.data as Float32Array;
        for (let index = 0; index < expected.data.length; index += 1) {
          worst = Math.max(worst, Math.abs((values[index] as number) - (expected.data[index] as number)));
          if ((values[index] as number) > (values[best] as number)) best = index;
        }
        console.info(
          `SavedModel fixture FP${fp16 ? 16 : 32}: max |IR - TensorFlow| = ${worst}, vs OpenVINO frontend ${result.manifest.validation?.references[0]?.maxAbsDiff}, ovc ${result.manifest.conversion.durationMs} ms`,
        );
        expect(worst).toBeLessThan(fp16 ? 0.05 : 1e-4);
        if (!fp16) expect(best).toBe(fixture.description.expectedTop1);
        request.dispose();
        compiled.dispose();
      }
    } finally {
      core.dispose();
    }
  });

  it('converts the .tar.gz of the SavedModel through the cache to the same source digest, reading the source and the IR once each', async () => {
    // Spies that call through to real OpenVINO: they only count what the converter asks of it.
    const reads = vi.spyOn(Core.prototype, 'readModel');
    const compiles = vi.spyOn(Core.prototype, 'compileModel');
    let result: Awaited<ReturnType<typeof convert>>;
    let readPaths: string[];
    let compileCount: number;
    try {
      result = await convert({
        source: fixture.archivePath,
        name: 'fixture-archive',
        repository,
        fp16: false,
        hub: { cacheDirectory: cache },
      });
      readPaths = reads.mock.calls.map(([path]) => path);
      compileCount = compiles.mock.calls.length;
    } finally {
      // (mockRestore also forgets the calls: they are read above.)
      reads.mockRestore();
      compiles.mockRestore();
    }
    expect(result.source.format).toBe('saved-model');
    expect(result.source.cacheHit).toBe(false);
    // The digest of the SavedModel folder the archive holds, computed here rather than taken from another test.
    expect(result.manifest.source.sha256).toBe(await sha256Source(fixture.savedModelDirectory));
    // Validated against both references, with one read of each model and one compile each:
    // OpenVINO's frontend on the SavedModel, and the IR (a float model has one precision path).
    expect(result.manifest.validation?.references.map((reference) => reference.kind).sort()).toEqual([
      'openvino-frontend',
      'tensorflow',
    ]);
    expect(readPaths).toHaveLength(2);
    expect(readPaths.filter((path) => path === result.source.modelPath)).toHaveLength(1);
    expect(readPaths.filter((path) => /\.staging-fixture-archive-\w+\/model\.xml$/.test(path))).toHaveLength(1);
    expect(compileCount).toBe(2);
  });
});
