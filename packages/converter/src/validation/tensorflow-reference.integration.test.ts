// The TensorFlow validation reference for real: TensorFlow 2.21 through tfjs-node (addon built by
// `pnpm setup:dev` / `pnpm test`), real ovc and OpenVINO, the TensorFlow-made SavedModel fixture, and
// a SavedModel whose variables are really corrupted (TensorFlow's checksums catch it; OpenVINO's
// frontend does not).
import { cp, mkdtemp, open, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Core, Tensor } from '@hubvino/runtime';
import { readManifest } from '@hubvino/runtime/artifact';
import { toolchainPins } from '@hubvino/runtime/toolchain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../convert.js';
import { ConversionError } from '../errors/conversion-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { hubSettingsFrom } from '../hub/hub-settings.js';
import { modelSignature, readSourceModel } from '../inspect/model-ports.js';
import type { ConvertProgressEvent } from '../progress-events.js';
import { resolveSource } from '../source/resolve-source.js';
import { prefillImageNetLabels } from '../test-support/imagenet-labels.js';
import { runConverterCli } from '../test-support/run-process.js';
import { ensureSavedModelFixture, readNpy, type SavedModelFixture } from '../test-support/saved-model-fixture.js';
import { tensorFlowReference } from './tensorflow-reference.js';
import { DEFAULT_MAX_ABS_DIFF_FP16, DEFAULT_MAX_ABS_DIFF_FP32 } from './validate-conversion.js';

let folder: string;
let repository: string;
let cache: string;
let fixture: SavedModelFixture;
let previousCache: string | undefined;
const tensorflowVersion = toolchainPins().dev['tensorflow-cpu'] ?? '2.21.0';
const describesTensorFlow = new RegExp(
  `^TensorFlow ${tensorflowVersion.replaceAll('.', '\\.')} via @tensorflow/tfjs-node 4\\.22\\.0`,
);

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'hubvino-tf-reference-'));
  repository = join(folder, 'models');
  cache = join(folder, 'cache');
  // The fixture has 1001 outputs: without labels it gets TF's ImageNetLabels.txt from the cache,
  // pre-filled from ../shared (also for the CLI's child processes, through the environment).
  await prefillImageNetLabels(cache);
  previousCache = process.env.TFHUB_CACHE_DIR;
  process.env.TFHUB_CACHE_DIR = cache;
  fixture = await ensureSavedModelFixture();
});

afterAll(async () => {
  if (previousCache === undefined) delete process.env.TFHUB_CACHE_DIR;
  else process.env.TFHUB_CACHE_DIR = previousCache;
  await rm(folder, { recursive: true, force: true });
});

const runCli = runConverterCli;

function tensorFlowRecord(manifest: Awaited<ReturnType<typeof readManifest>>) {
  return manifest.validation?.references.find((reference) => reference.kind === 'tensorflow');
}

/** A copy of the fixture SavedModel with 16 bytes of its variables flipped (TensorFlow's CRC32C no longer matches). */
async function corruptedSavedModel(): Promise<string> {
  const directory = join(folder, 'corrupted-saved-model');
  await cp(fixture.savedModelDirectory, directory, { recursive: true });
  const handle = await open(join(directory, 'variables', 'variables.data-00000-of-00001'), 'r+');
  try {
    const bytes = Buffer.alloc(16);
    await handle.read(bytes, 0, 16, 1_000_000);
    for (let index = 0; index < bytes.length; index += 1) bytes[index] = (bytes[index] as number) ^ 0x01;
    await handle.write(bytes, 0, 16, 1_000_000);
  } finally {
    await handle.close();
  }
  return directory;
}

describe('tensorFlowReference', () => {
  it("runs the SavedModel in TensorFlow: its output is TensorFlow Python's stored output for the fixture input", async () => {
    const core = new Core();
    const notes: string[] = [];
    try {
      const source = await resolveSource(fixture.savedModelDirectory, {
        hub: hubSettingsFrom({ cacheDirectory: cache }),
      });
      const model = await readSourceModel(core, source.modelPath);
      const ports = modelSignature(model);
      model.dispose();
      const reference = await tensorFlowReference({
        core,
        source,
        inputShapes: [[1, 224, 224, 3]],
        inputs: ports.inputs,
        outputs: ports.outputs,
        note: (message) => notes.push(message),
      });
      expect(notes).toEqual([]);
      expect(reference?.kind).toBe('tensorflow');
      expect(reference?.description).toMatch(describesTensorFlow);
      const input = readNpy(fixture.inputPath);
      const expected = readNpy(fixture.expectedOutputPath);
      using tensor = new Tensor('f32', [1, 224, 224, 3], input.data as Float32Array);
      try {
        const [output] = (await reference?.run([tensor])) ?? [];
        expect(output?.name).toBe('logits');
        expect(output?.shape).toEqual([1, 1001]);
        let worst = 0;
        expected.data.forEach((value, index) => {
          worst = Math.max(worst, Math.abs(value - (output?.values[index] as number)));
        });
        expect(worst).toBeLessThanOrEqual(1e-5);
      } finally {
        reference?.dispose?.();
      }
    } finally {
      core.dispose();
    }
  });

  it('returns no reference for a TF Lite source (tfjs-node cannot run .tflite)', async () => {
    const core = new Core();
    try {
      const notes: string[] = [];
      const reference = await tensorFlowReference({
        core,
        source: { ...(await resolveSource(fixture.savedModelDirectory, { hub: hubSettingsFrom() })), format: 'tflite' },
        inputShapes: [[1, 224, 224, 3]],
        inputs: [],
        outputs: [],
        note: (message) => notes.push(message),
      });
      expect(reference).toBeUndefined();
      expect(notes).toEqual([]);
    } finally {
      core.dispose();
    }
  });
});

describe('convert() with the TensorFlow reference', () => {
  // The FP32 conversion, made once by whichever test needs it first (each test also runs alone).
  const events: ConvertProgressEvent[] = [];
  let fp32: ReturnType<typeof convert> | undefined;
  const convertFp32 = () => {
    fp32 ??= convert(
      // f32 inference and a raw limit: this measures the conversion itself, not the CPU's bf16.
      {
        source: fixture.savedModelDirectory,
        name: 'tf-fp32',
        repository,
        fp16: false,
        inferencePrecision: 'f32',
        maxAbsDiff: DEFAULT_MAX_ABS_DIFF_FP32,
      },
      { onProgress: (event) => events.push(event) },
    );
    return fp32;
  };

  it("records a 'tensorflow' reference with FP32 weights: max abs diff <= 1e-4 and top-1 agreement 1", async () => {
    const result = await convertFp32();
    const manifest = await readManifest(result.directory);
    expect(manifest.validation?.references.map((reference) => reference.kind)).toEqual([
      'openvino-frontend',
      'tensorflow',
    ]);
    const record = tensorFlowRecord(manifest);
    expect(record?.description).toMatch(describesTensorFlow);
    expect(record?.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    expect(record?.top1Agreement).toBe(1);
    expect(record?.threshold).toBe(1e-3);
    expect(record?.passed).toBe(true);
    expect(events.filter((event) => event.type === 'validate' && event.phase === 'note')).toEqual([]);
    console.info(`tensorflow reference, FP32 weights: max abs diff ${record?.maxAbsDiff}`);
  });

  it('records a larger difference with FP16 weights (from the .tar.gz), within the FP16 threshold', async () => {
    const result = await convert({
      source: fixture.archivePath,
      name: 'tf-fp16',
      repository,
      hub: { cacheDirectory: cache },
      inferencePrecision: 'f32',
      maxAbsDiff: DEFAULT_MAX_ABS_DIFF_FP16,
    });
    expect(result.source.format).toBe('saved-model');
    const record = tensorFlowRecord(await readManifest(result.directory));
    expect(record?.threshold).toBe(DEFAULT_MAX_ABS_DIFF_FP16);
    expect(record?.maxAbsDiff).toBeLessThanOrEqual(DEFAULT_MAX_ABS_DIFF_FP16);
    expect(record?.passed).toBe(true);
    const fp32Diff = tensorFlowRecord((await convertFp32()).manifest)?.maxAbsDiff;
    expect(fp32Diff).toBeTypeOf('number');
    expect(record?.maxAbsDiff).toBeGreaterThan((fp32Diff as number) * 10);
    console.info(
      `tensorflow reference, FP16 weights: max abs diff ${record?.maxAbsDiff}, top-1 ${record?.top1Agreement}`,
    );
  });

  it('refuses to publish a SavedModel whose variables TensorFlow cannot restore (corrupted bytes): ValidationError, no version', async () => {
    const source = await corruptedSavedModel();
    const error = await convert({ source, name: 'tf-corrupted', repository, fp16: false }).catch((caught) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('ERR_VALIDATION_REFERENCE');
    expect((error as Error).message).toContain(source);
    expect((error as Error).message).toMatch(/Checksum does not match/);
    expect((error as Error).message).toMatch(/--no-tensorflow-reference/);
    expect(await readdir(repository)).not.toContain('tf-corrupted');
    expect((await readdir(repository)).filter((entry) => entry.startsWith('.staging'))).toEqual([]);
  });

  it('refuses a SavedModel whose variables file is missing: ConversionError, no version', async () => {
    const source = join(folder, 'missing-variables');
    await cp(fixture.savedModelDirectory, source, { recursive: true });
    await rm(join(source, 'variables', 'variables.data-00000-of-00001'));
    const error = await convert({ source, name: 'tf-missing', repository, fp16: false }).catch((caught) => caught);
    expect(error).toBeInstanceOf(ConversionError);
    expect((error as Error).message).toContain('variables.data-00000-of-00001');
    expect(await readdir(repository)).not.toContain('tf-missing');
  });
});

describe('hubvino-convert CLI and the TensorFlow reference', () => {
  it('--no-tensorflow-reference validates against the OpenVINO frontend only', async () => {
    const result = await runCli([
      fixture.savedModelDirectory,
      '--name',
      'tf-off',
      '--repository',
      repository,
      '--no-tensorflow-reference',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document.manifest.validation.references.map((reference: { kind: string }) => reference.kind)).toEqual([
      'openvino-frontend',
    ]);
  });

  it('inspect --json lists the serving_default signature as TensorFlow reads it, beside OpenVINO', async () => {
    const result = await runCli(['inspect', fixture.savedModelDirectory, '--json']);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document.format).toBe('saved-model');
    expect(document.inputs[0].shape).toEqual([-1, 224, 224, 3]);
    expect(document.savedModel.reader).toMatch(describesTensorFlow);
    const [metaGraph] = document.savedModel.metaGraphs;
    expect(metaGraph.tags).toEqual(['serve']);
    const serving = metaGraph.signatures.find((signature: { name: string }) => signature.name === 'serving_default');
    // Names and shapes as fixtures/make-saved-model.py (Python TensorFlow) declared them.
    expect(serving.inputs).toEqual([
      {
        key: fixture.description.input.name,
        tensorName: expect.stringMatching(/inputs:0$/),
        dtype: 'float32',
        shape: [-1, 224, 224, 3],
      },
    ]);
    expect(serving.outputs).toEqual([
      { key: fixture.description.output.name, tensorName: expect.any(String), dtype: 'float32', shape: [-1, 1001] },
    ]);
  });

  it('inspect prints the signatures in text form and --no-tensorflow leaves them out', async () => {
    const text = await runCli(['inspect', fixture.savedModelDirectory]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/SavedModel signatures \(TensorFlow /);
    expect(text.stdout).toMatch(/serving_default \[tags: serve\]/);
    expect(text.stdout).toMatch(/input {2}inputs \(serving_default_inputs:0\) float32 \[\?,224,224,3\]/);
    const without = await runCli(['inspect', fixture.savedModelDirectory, '--no-tensorflow', '--json']);
    expect(without.code).toBe(0);
    expect(JSON.parse(without.stdout).savedModel).toBeUndefined();
  });
});
