import { join } from 'node:path';
import { sharedDirectory } from '../config/paths.js';

/** The model name the demo publishes and serves unless told otherwise. */
export const DEFAULT_MODEL_NAME = 'mobilenet_v2';

/**
 * The notebook's classifier: TF Hub's MobileNetV2 1.0/224 (ImageNet, 1001 classes). The Kaggle
 * address is where tfhub.dev handles redirect to today.
 */
export const DEFAULT_SOURCE = 'https://www.kaggle.com/models/google/mobilenet-v2/tensorFlow2/100-224-classification/2';

/**
 * The classifier the OpenVINO notebook's cell really loads: its text and file names say MobileNetV2
 * (`mobilenet_v2_100_224`), but its `hub.KerasLayer` handle is TF Hub's MobileNetV1 1.0/224
 * (ImageNet, 1001 classes). Accepted as `--source mobilenet_v1` (or this handle).
 */
export const NOTEBOOK_MOBILENET_V1_SOURCE =
  'https://www.kaggle.com/models/google/mobilenet-v1/tensorFlow2/100-224-classification/2';

/** Short names `--source` accepts for the two classifier handles, each also the default model name. */
export const CLASSIFIER_SOURCES = Object.freeze({
  mobilenet_v2: DEFAULT_SOURCE,
  mobilenet_v1: NOTEBOOK_MOBILENET_V1_SOURCE,
});

/** A local stand-in for {@link DEFAULT_SOURCE}, used when TF Hub cannot be reached. */
export interface FallbackSource {
  /** The model file. */
  source: string;
  /** Its labels, one per line. */
  labels: string;
  /** What it is, for the one line printed when it is used. */
  description: string;
}

/**
 * The TF Lite MobileNetV2 1.0/224 (uint8) from `../shared` with TF Hub's 1001 ImageNet labels: the
 * same architecture and label set as {@link DEFAULT_SOURCE}, available offline.
 */
export function defaultFallbackSource(shared: string = sharedDirectory()): FallbackSource {
  return {
    source: join(shared, 'models', 'mobilenet_v2_100_224', 'tflite_quant', 'mobilenet_v2_1.0_224_quant.tflite'),
    labels: join(shared, 'labels', 'ImageNetLabels.txt'),
    description: 'the TF Lite MobileNetV2 1.0/224 (uint8) in ../shared',
  };
}
