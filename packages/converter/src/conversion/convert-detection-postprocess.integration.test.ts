import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readManifest } from '@hubvino/runtime/artifact';
import { locateDevToolchain } from '@hubvino/runtime/toolchain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../convert.js';
import { runProcess } from '../test-support/run-process.js';
import { hasShared, packageDirectory, sharedDirectory, sharedModels } from '../test-support/workspace-paths.js';

/**
 * The rebuilt TFLite_Detection_PostProcess is checked against TF Lite's own kernel on TF Lite's own
 * tensors: the reference script runs the interpreter, takes the op's three inputs, and feeds them to
 * the post-processing the converter builds (see its docstring). Everything after the op's inputs is
 * f32 arithmetic, so on any CPU the only difference is TF Lite computing the box decoding in double
 * and us in float: boxes may differ by float32 rounding (observed 1.2e-7 on 0..1 coordinates; bound
 * 1e-5), scores are copied and must be equal, and so must the counts and classes.
 */
const referenceScript = join(packageDirectory, 'src/test-support/tflite-detection-postprocess-reference.py');
const images = ['cats_and_dogs.jpg', 'multi_objects.jpg', 'pets.jpg', 'burger.jpg', 'grace_hopper.jpg'].map((name) =>
  join(sharedDirectory, 'images', name),
);

interface Detections {
  count: number;
  classes: number[];
  scores: number[];
  boxes: number[][];
}
interface ReferenceResult {
  options: { use_regular_nms: boolean; max_classes_per_detection: number };
  images: Record<string, { tflite: Detections; openvino: Detections }>;
}

let work: string;
let python: string;

async function runReference(args: string[]): Promise<string> {
  const result = await runProcess(python, [referenceScript, ...args], { environment: { TF_CPP_MIN_LOG_LEVEL: '3' } });
  if (result.code !== 0) throw new Error(`reference script failed (${result.code}):\n${result.stderr.slice(-3000)}`);
  return result.stdout;
}

async function variant(name: string, options: Record<string, unknown>): Promise<string> {
  const file = join(work, `${name}.tflite`);
  await runReference(['--with-options', sharedModels.ssd, file, JSON.stringify(options)]);
  return file;
}

/**
 * Per anchor: its scores (sorted) and the classes of the rows scoring above the anchor's lowest kept
 * score. TF Lite picks an anchor's best classes with std::partial_sort, so which of several classes
 * tied at the lowest kept score it keeps (and their order) is unspecified.
 */
function rowsPerAnchor(detections: Detections, perAnchor: number): string[] {
  const anchors: string[] = [];
  for (let anchor = 0; anchor < detections.count; anchor += 1) {
    const rows = Array.from({ length: perAnchor }, (_, column) => {
      const row = anchor * perAnchor + column;
      return { score: detections.scores[row] as number, label: detections.classes[row] as number };
    });
    const lowest = Math.min(...rows.map((row) => row.score));
    const scores = rows.map((row) => row.score).sort((a, b) => b - a);
    const sure = rows
      .filter((row) => row.score > lowest)
      .map((row) => row.label)
      .sort((a, b) => a - b);
    anchors.push(`${scores.join(',')} | ${sure.join(',')}`);
  }
  return anchors;
}

function expectSameDetections(result: ReferenceResult, tieOrderFree = false) {
  for (const [image, { tflite, openvino }] of Object.entries(result.images)) {
    expect(openvino.count, image).toBe(tflite.count);
    expect(tflite.count, image).toBeGreaterThan(0);
    if (tieOrderFree) {
      const perAnchor = result.options.max_classes_per_detection;
      expect(rowsPerAnchor(openvino, perAnchor), image).toEqual(rowsPerAnchor(tflite, perAnchor));
    } else {
      expect(openvino.classes, image).toEqual(tflite.classes);
      expect(openvino.scores, image).toEqual(tflite.scores);
    }
    expect(openvino.boxes.length, image).toBe(tflite.boxes.length);
    openvino.boxes.forEach((box, row) => {
      box.forEach((value, axis) => {
        expect(Math.abs(value - (tflite.boxes[row]?.[axis] as number)), `${image} box ${row}`).toBeLessThan(1e-5);
      });
    });
  }
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'hubvino-ssd-'));
  python = locateDevToolchain().python;
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe.runIf(hasShared)('TFLite_Detection_PostProcess rebuilt from OpenVINO ops', () => {
  it('matches TF Lite exactly with the model’s own options (fast class-agnostic NMS)', async () => {
    const result = JSON.parse(await runReference([sharedModels.ssd, ...images])) as ReferenceResult;
    expect(result.options.use_regular_nms).toBe(false);
    expectSameDetections(result);
  }, 120_000);

  it('matches TF Lite exactly with regular per-class NMS', async () => {
    const file = await variant('regular', { use_regular_nms: true, detections_per_class: 20 });
    const result = JSON.parse(await runReference([file, ...images])) as ReferenceResult;
    expect(result.options.use_regular_nms).toBe(true);
    expectSameDetections(result);
  }, 120_000);

  it('matches TF Lite with several classes per detection (fast NMS)', async () => {
    const file = await variant('three-classes', { max_classes_per_detection: 3, max_detections: 20 });
    const result = JSON.parse(await runReference([file, ...images])) as ReferenceResult;
    expectSameDetections(result, true);
  }, 120_000);
});

describe.runIf(hasShared)('convert() on SSD detectors', () => {
  it('publishes the COCO SSD detector as object-detection with TF Lite’s four outputs', async () => {
    const repository = join(work, 'models');
    const result = await convert({ source: sharedModels.ssd, name: 'ssd', repository });
    expect(result.status).toBe('published');
    const manifest = await readManifest(result.directory);
    expect(manifest.task).toBe('object-detection');
    expect(manifest.conversion.tool).toBe('openvino-tflite-frontend+TFLite_Detection_PostProcess');
    expect(manifest.outputs.map((port) => [port.name, port.shape, port.elementType])).toEqual([
      ['TFLite_Detection_PostProcess', [1, 10, 4], 'f32'],
      ['TFLite_Detection_PostProcess:1', [1, 10], 'f32'],
      ['TFLite_Detection_PostProcess:2', [1, 10], 'f32'],
      ['TFLite_Detection_PostProcess:3', [1], 'f32'],
    ]);
    expect(manifest.preprocessing).toMatchObject({ inputSize: { height: 300, width: 300 }, valueRange: 'uint8' });
    expect(manifest.postprocessing?.detection).toMatchObject({
      nms: 'fast',
      maxDetections: 10,
      boxFormat: 'yxyx-normalized',
      outputs: { boxes: 'TFLite_Detection_PostProcess', count: 'TFLite_Detection_PostProcess:3' },
    });
    expect(manifest.postprocessing?.detection?.iouThreshold).toBeCloseTo(0.6, 6);
  }, 180_000);

  it('records regular NMS for the per-class variant', async () => {
    const repository = join(work, 'models');
    const file = await variant('regular-convert', { use_regular_nms: true });
    const result = await convert({ source: file, name: 'ssd-regular', repository });
    const manifest = await readManifest(result.directory);
    expect(manifest.postprocessing?.detection?.nms).toBe('regular');
    expect((await readdir(result.directory)).sort()).toContain('model.xml');
  }, 180_000);
});
