import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { locateOpenVino } from '@hubvino/runtime/toolchain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = resolve(here, '..');
const shared = resolve(packageRoot, '..', '..', '..', 'shared');
const tflite = join(shared, 'models/mobilenet_v2_100_224/tflite_quant/mobilenet_v2_1.0_224_quant.tflite');
const image = join(shared, 'images/grace_hopper.jpg');
const labels = join(shared, 'labels/ImageNetLabels.txt');

/**
 * A throwaway app that depends on openvino-node through the npm alias. Its node_modules is what
 * `npm install` makes of `"openvino-node": "npm:@hubvino/openvino-node@^0.1.0"`: a folder named
 * `openvino-node` holding @hubvino/openvino-node (linked to this package here, since it is not
 * published from the test).
 */
let project: string;
let model: string;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'hubvino-ovnode-app-'));
  const { ovc } = locateOpenVino();
  if (!ovc) throw new Error('ovc is not provisioned; run pnpm install (see packages/runtime/toolchain.json)');
  model = join(project, 'model', 'mobilenet_v2.xml');
  await run(ovc.command, [...ovc.args, tflite, '--output_model', model], { timeout: 180_000 });
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify(
      {
        name: 'openvino-node-app',
        private: true,
        dependencies: { 'openvino-node': 'npm:@hubvino/openvino-node@^0.1.0' },
      },
      null,
      2,
    ),
  );
  await mkdir(join(project, 'node_modules'));
  await symlink(packageRoot, join(project, 'node_modules', 'openvino-node'), 'dir');
  // The sample decodes the image with sharp (a dependency of @hubvino/runtime).
  const runtimeRoot = await realpath(join(packageRoot, 'node_modules', '@hubvino', 'runtime'));
  const sharpRoot = await realpath(join(runtimeRoot, 'node_modules', 'sharp'));
  await symlink(sharpRoot, join(project, 'node_modules', 'sharp'), 'dir');
  await copyFile(join(here, 'test-support', 'hello-classification.cjs'), join(project, 'hello-classification.cjs'));
}, 300_000);

afterAll(async () => {
  if (project) await rm(project, { recursive: true, force: true });
});

describe("openvino-node's hello_classification sample through the npm alias", () => {
  it('prints "military uniform" first for grace_hopper.jpg with MobileNetV2 converted by ovc', async () => {
    const { stdout } = await run(process.execPath, ['hello-classification.cjs', model, image, 'CPU', labels], {
      cwd: project,
      timeout: 120_000,
    });
    const top = stdout.split('\n').filter((line) => /^\d+\t/.test(line));
    expect(top).toHaveLength(5);
    // "military uniform" is ImageNet class 653 (652 without background); labels include "background".
    expect(top[0]).toMatch(/^653\t[\d.]+\tmilitary uniform$/);
    // The quantized model's u8 output codes, converted to f32 by the PrePostProcessor (a cast, so
    // still 0..255), in descending order.
    const scores = top.map((line) => Number(line.split('\t')[1]));
    expect(scores.every((score) => Number.isFinite(score) && score >= 0 && score <= 255)).toBe(true);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("type-checks openvino-node style TypeScript against the package's types, CommonJS and ESM", async () => {
    await writeFile(
      join(project, 'app.cts'),
      [
        "import openvino = require('openvino-node');",
        'const ov = openvino.addon;',
        'export async function classify(data: Float32Array): Promise<number> {',
        '  const core = new ov.Core();',
        "  const model: openvino.Model = await core.readModel('model.xml');",
        "  const compiled = await core.compileModel(model, 'CPU', { PERFORMANCE_HINT: 'LATENCY' });",
        '  const request = compiled.createInferRequest();',
        '  const result = await request.inferAsync([new ov.Tensor(ov.element.f32, [1, 3, 224, 224], data)]);',
        '  const output: openvino.Tensor | undefined = result[String(compiled.outputs[0])];',
        '  return output ? output.getSize() : 0;',
        '}',
      ].join('\n'),
    );
    await writeFile(
      join(project, 'app.mts'),
      [
        "import { addon, type Model, type PartialShape } from 'openvino-node';",
        'const core = new addon.Core();',
        "const model: Model = core.readModelSync('model.xml');",
        'const ppp = new addon.preprocess.PrePostProcessor(model);',
        "ppp.input().tensor().setShape([1, 224, 224, 3]).setElementType(addon.element.u8).setLayout('NHWC');",
        'ppp.input().preprocess().resize(addon.preprocess.resizeAlgorithm.RESIZE_LINEAR);',
        'ppp.build();',
        "model.reshape(new Map([[0, '1,224,224,3']]));",
        'const shape: PartialShape = model.input().getPartialShape();',
        "const queue = new addon.AsyncInferQueue(core.compileModelSync(model, 'CPU'), 2);",
        'queue.setCallback((error, request, userData) => console.log(error, request.getOutputTensor().data, userData));',
        'console.log(shape.getDimensions());',
        // Fails to compile if the types were `any`: the directive would be unused.
        '// @ts-expect-error readModelSync takes a path, a model string with a Tensor, or buffers',
        'core.readModelSync(42);',
      ].join('\n'),
    );
    const tsc = join(packageRoot, '..', '..', 'node_modules', '.bin', 'tsc');
    const flags = ['--noEmit', '--strict', '--module', 'nodenext', '--target', 'es2022', '--types', 'node'];
    const typeRoots = ['--typeRoots', join(packageRoot, '..', '..', 'node_modules', '@types')];
    const compiled = await run(tsc, [...flags, ...typeRoots, 'app.cts', 'app.mts'], {
      cwd: project,
      timeout: 120_000,
    }).then(
      () => 'ok',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(compiled).toBe('ok');
  });

  it('gives CommonJS require and ESM import the same addon', async () => {
    const script =
      "const cjs = require('openvino-node'); import('openvino-node').then((esm) => {" +
      ' console.log(JSON.stringify({ same: cjs.addon === esm.addon, defaultSame: esm.default === cjs.addon,' +
      ' f32: cjs.addon.element.f32, core: typeof new cjs.addon.Core().getAvailableDevices()[0] })); });';
    const { stdout } = await run(process.execPath, ['-e', script], { cwd: project, timeout: 60_000 });
    expect(JSON.parse(stdout)).toEqual({ same: true, defaultSame: true, f32: 'f32', core: 'string' });
  });
});
