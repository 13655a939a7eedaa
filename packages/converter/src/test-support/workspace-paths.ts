import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The converter package folder. */
export const packageDirectory = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The workspace root. */
export const workspaceDirectory = resolve(packageDirectory, '..', '..');
/** `../shared` beside the workspace: read-only real models, labels and images. */
export const sharedDirectory = resolve(workspaceDirectory, '..', 'shared');

/** Paths of the genuine TF Lite models in ../shared. */
export const sharedModels = {
  mobilenetV2Quant: join(sharedDirectory, 'models/mobilenet_v2_100_224/tflite_quant/mobilenet_v2_1.0_224_quant.tflite'),
  mobilenetV1Float: join(
    sharedDirectory,
    'models/mobilenet_v1_025_224/tflite_float/mobilenet_v1_0.25_224_1_default_1.tflite',
  ),
  movenet: join(
    sharedDirectory,
    'models/movenet_singlepose_lightning/tflite_int8/lite-model_movenet_singlepose_lightning_tflite_int8_4.tflite',
  ),
  magentaPrediction: join(
    sharedDirectory,
    'models/magenta_arbitrary_image_stylization_v1_256/tflite_int8/magenta_arbitrary-image-stylization-v1-256_int8_prediction_1.tflite',
  ),
  magentaTransfer: join(
    sharedDirectory,
    'models/magenta_arbitrary_image_stylization_v1_256/tflite_int8/magenta_arbitrary-image-stylization-v1-256_int8_transfer_1.tflite',
  ),
  mobilenetV1Quant: join(
    sharedDirectory,
    'models/mobilenet_v1_025_224/tflite_quant/mobilenet_v1_0.25_224_quant.tflite',
  ),
  mobilenetV2Tf2Ptq: join(
    sharedDirectory,
    'models/mobilenet_v2_100_224/tflite_quant_tf2_ptq/tf2_mobilenet_v2_1.0_224_ptq.tflite',
  ),
  deeplab: join(sharedDirectory, 'models/deeplabv3/tflite/deeplabv3.tflite'),
  yamnet: join(sharedDirectory, 'models/yamnet/tflite/yamnet_audio_classifier_with_metadata.tflite'),
  ssd: join(sharedDirectory, 'models/ssd_mobilenet_v1/tflite_quant/coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite'),
} as const;

export const sharedLabels = join(sharedDirectory, 'labels/ImageNetLabels.txt');
export const graceHopper = join(sharedDirectory, 'images/grace_hopper.jpg');

/** True when ../shared is there (it is in this workspace and in CI). */
export const hasShared = existsSync(sharedModels.mobilenetV2Quant);

/** The built converter (child-process tests run compiled code). */
export const distDirectory = join(packageDirectory, 'dist');
