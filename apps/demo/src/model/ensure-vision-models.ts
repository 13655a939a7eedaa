import { join } from 'node:path';
import { convert } from '@hubvino/converter';
import { listModelVersions } from '@hubvino/runtime/artifact';
import { type LogFunction, logLine } from '../cli/log.js';
import { sharedDirectory } from '../config/paths.js';

/** A model the demo converts from ../shared when its repository lacks it. */
export interface VisionModel {
  /** The artifact name in the demo's repository. */
  name: string;
  /** The TF Lite file in ../shared. */
  source: (shared: string) => string;
}

/** COCO SSD MobileNetV1 (uint8) with TF Lite's detection post-processing, from the TF Lite Task Library's test data. */
export const DETECTION_MODEL: VisionModel = {
  name: 'ssd_mobilenet_v1',
  source: (shared) =>
    join(shared, 'models', 'ssd_mobilenet_v1', 'tflite_quant', 'coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite'),
};

/** DeepLab v3 (MobileNetV2, 257x257, 21 PASCAL VOC classes), TF Hub's tensorflow/lite-model/deeplabv3/1/metadata. */
export const SEGMENTATION_MODEL: VisionModel = {
  name: 'deeplabv3',
  source: (shared) => join(shared, 'models', 'deeplabv3', 'tflite', 'deeplabv3.tflite'),
};

/**
 * The latest version of `model` in `repository`, converting it from ../shared with the converter's
 * default options (labels from the model's TF Lite metadata) when there is none.
 * @throws the converter's errors when it cannot be made.
 */
export async function ensureVisionModel(
  repository: string,
  model: VisionModel,
  log: LogFunction = logLine,
): Promise<{ name: string; version: number; converted: boolean }> {
  const versions = await listModelVersions(repository, model.name);
  const latest = versions.at(-1);
  if (latest !== undefined) return { name: model.name, version: latest, converted: false };
  const source = model.source(sharedDirectory());
  log(`converting ${source} into ${repository}/${model.name}/`);
  const result = await convert({ source, name: model.name, repository });
  log(`published ${model.name} version ${result.version}`);
  return { name: model.name, version: result.version, converted: true };
}
