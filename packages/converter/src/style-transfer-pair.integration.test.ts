import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeImage, StyleTransfer } from '@hubvino/runtime';
import { listModelVersions, readManifest, verifyArtifactFiles } from '@hubvino/runtime/artifact';
import { colorHistogram, histogramDistance } from '@hubvino/runtime/task-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertStyleTransferPair, type StyleTransferPairResult } from './style-transfer-pair.js';
import { runProcess } from './test-support/run-process.js';
import { sharedDirectory, sharedModels, workspaceDirectory } from './test-support/workspace-paths.js';

const tuebingen = join(sharedDirectory, 'images/style_transfer/Tuebingen_Neckarfront.jpg');
const kandinsky = join(sharedDirectory, 'images/style_transfer/Vassily_Kandinsky_Composition_7.jpg');

/** Chi-square distance between the 8x8x8-bin colour histograms of two images. */
async function colorDistance(first: string | Buffer, second: string | Buffer): Promise<number> {
  const [a, b] = await Promise.all([decodeImage(first), decodeImage(second)]);
  return histogramDistance(colorHistogram(a), colorHistogram(b));
}

let repository: string;
let published: StyleTransferPairResult;

beforeAll(async () => {
  repository = await mkdtemp(join(tmpdir(), 'hubvino-style-pair-'));
  published = await convertStyleTransferPair({
    prediction: sharedModels.magentaPrediction,
    transfer: sharedModels.magentaTransfer,
    name: 'magenta',
    repository,
  });
});
afterAll(async () => {
  await rm(repository, { recursive: true, force: true });
});

describe('convertStyleTransferPair with the TF Hub Magenta int8 TF Lite parts', () => {
  it('publishes magenta-prediction and magenta-transfer with task, roles and companions naming each other', async () => {
    expect(published.status).toBe('published');
    expect(published.prediction).toMatchObject({ name: 'magenta-prediction', version: 1 });
    expect(published.transfer).toMatchObject({ name: 'magenta-transfer', version: 1 });
    const prediction = await readManifest(join(repository, 'magenta-prediction', '1'));
    const transfer = await readManifest(join(repository, 'magenta-transfer', '1'));
    expect(prediction).toMatchObject({
      task: 'style-transfer',
      role: 'style-prediction',
      companions: [{ role: 'style-transfer', name: 'magenta-transfer', version: 1 }],
      preprocessing: { inputSize: { height: 256, width: 256 }, valueRange: 'float-0-1' },
    });
    expect(transfer).toMatchObject({
      task: 'style-transfer',
      role: 'style-transfer',
      companions: [{ role: 'style-prediction', name: 'magenta-prediction', version: 1 }],
      preprocessing: { inputSize: { height: 384, width: 384 }, valueRange: 'float-0-1' },
    });
    await verifyArtifactFiles(join(repository, 'magenta-prediction', '1'), prediction);
    await verifyArtifactFiles(join(repository, 'magenta-transfer', '1'), transfer);
  });

  it('StyleTransfer.load finds the pair from either name and stylizes the Tuebingen photo like Kandinsky', async () => {
    using fromPrediction = await StyleTransfer.load(repository, 'magenta-prediction');
    const result = await fromPrediction.stylize(tuebingen, kandinsky);
    expect(result.image.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(await decodeImage(result.image)).toMatchObject({ width: 640, height: 480 });
    const contentToStyle = await colorDistance(tuebingen, kandinsky);
    const resultToStyle = await colorDistance(result.image, kandinsky);
    if (process.env.HUBVINO_PRINT_STYLE) {
      process.stderr.write(
        `IR pair: d(content, style) ${contentToStyle.toFixed(4)} d(result, style) ${resultToStyle.toFixed(4)}\n`,
      );
    }
    expect(resultToStyle).toBeLessThan(0.8 * contentToStyle);
    expect(fromPrediction.manifests?.transfer.name).toBe('magenta-transfer');

    using fromTransfer = await StyleTransfer.load(repository, 'magenta-transfer');
    using byNames = await StyleTransfer.load(repository, {
      prediction: 'magenta-prediction',
      transfer: 'magenta-transfer',
    });
    const again = await fromTransfer.stylize(tuebingen, kandinsky);
    const third = await byNames.stylize(tuebingen, kandinsky);
    expect(Buffer.compare(again.image, result.image)).toBe(0);
    expect(Buffer.compare(third.image, result.image)).toBe(0);
  });

  it('StyleTransfer.load refuses the parts given in the wrong roles with ArgumentError', async () => {
    await expect(
      StyleTransfer.load(repository, { prediction: 'magenta-transfer', transfer: 'magenta-prediction' }),
    ).rejects.toMatchObject({ name: 'ArgumentError', argument: 'names' });
  });

  it('publishes nothing with ifChanged when both sources are unchanged', async () => {
    const again = await convertStyleTransferPair({
      prediction: sharedModels.magentaPrediction,
      transfer: sharedModels.magentaTransfer,
      name: 'magenta',
      repository,
      ifChanged: true,
    });
    expect(again).toMatchObject({
      status: 'unchanged',
      prediction: { name: 'magenta-prediction', version: 1 },
      transfer: { name: 'magenta-transfer', version: 1 },
    });
    expect(await listModelVersions(repository, 'magenta-prediction')).toEqual([1]);
  });

  it('refuses swapped parts with ArgumentError before converting anything', async () => {
    await expect(
      convertStyleTransferPair({
        prediction: sharedModels.magentaTransfer,
        transfer: sharedModels.magentaPrediction,
        name: 'swapped',
        repository,
      }),
    ).rejects.toMatchObject({
      name: 'ArgumentError',
      argument: 'prediction',
      message: expect.stringMatching(/swapped/),
    });
    await expect(
      convertStyleTransferPair({
        prediction: sharedModels.mobilenetV2Quant,
        transfer: sharedModels.magentaTransfer,
        name: 'mixed',
        repository,
      }),
    ).rejects.toMatchObject({ argument: 'prediction' });
    expect(await listModelVersions(repository, 'swapped-prediction')).toEqual([]);
    expect(await listModelVersions(repository, 'mixed-transfer')).toEqual([]);
  });

  it('`pnpm convert style-transfer <prediction> <transfer> --name x --json` publishes the pair as one JSON document', async () => {
    const result = await runProcess(
      'pnpm',
      [
        'convert',
        'style-transfer',
        sharedModels.magentaPrediction,
        sharedModels.magentaTransfer,
        '--name',
        'cli',
        '--repository',
        repository,
        '--json',
      ],
      { cwd: workspaceDirectory },
    );
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document).toMatchObject({
      status: 'published',
      prediction: { name: 'cli-prediction', version: 1, manifest: { role: 'style-prediction' } },
      transfer: { name: 'cli-transfer', version: 1, manifest: { role: 'style-transfer' } },
    });
  });
});
