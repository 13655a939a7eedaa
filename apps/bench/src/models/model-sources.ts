import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workspace root (apps/bench/{src,dist}/models -> ../../../..). */
export const workspaceRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** ../shared next to the workspace (read-only real data). */
export const sharedDirectory = resolve(workspaceRoot, '..', 'shared');

/** The official TF Lite MobileNet V2 1.0 224, uint8 quantized. */
export const tfliteQuantModel = join(
  sharedDirectory,
  'models',
  'mobilenet_v2_100_224',
  'tflite_quant',
  'mobilenet_v2_1.0_224_quant.tflite',
);

/** ImageNet labels, "background" first. */
export const imageNetLabels = join(sharedDirectory, 'labels', 'ImageNetLabels.txt');

/** The photos the JPEG set is made from. */
export const sharedImagesDirectory = join(sharedDirectory, 'images');

/** The models the bench can measure. */
export type ModelKind = 'saved-model-fp32' | 'saved-model-fp16' | 'tflite-uint8';

/** What the table calls each model. */
export const modelLabels: Record<ModelKind, string> = {
  'saved-model-fp32': 'MobileNetV2 (SavedModel fixture) IR, FP32 weights',
  'saved-model-fp16': 'MobileNetV2 (SavedModel fixture) IR, FP16-compressed weights',
  'tflite-uint8': 'MobileNetV2 1.0 224 TF Lite uint8 IR',
};
