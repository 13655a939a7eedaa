import { join } from 'node:path';
import type { LogFunction } from '../cli/log.js';
import { sharedDirectory } from '../config/paths.js';
import { type EnsuredModel, ensureModel } from './ensure-model.js';

/** The names the demo publishes MoveNet and YAMNet under. */
export const POSE_MODEL_NAME = 'movenet';
export const AUDIO_MODEL_NAME = 'yamnet';

/** TF Hub's MoveNet single-pose lightning int8 TF Lite model in ../shared. */
export function defaultPoseSource(shared: string = sharedDirectory()): string {
  return join(
    shared,
    'models',
    'movenet_singlepose_lightning',
    'tflite_int8',
    'lite-model_movenet_singlepose_lightning_tflite_int8_4.tflite',
  );
}

/** TF Hub's YAMNet TF Lite classifier (labels in its metadata) in ../shared. */
export function defaultAudioSource(shared: string = sharedDirectory()): string {
  return join(shared, 'models', 'yamnet', 'tflite', 'yamnet_audio_classifier_with_metadata.tflite');
}

/** Makes sure MoveNet is published in `repository` (converting it from ../shared on first use). */
export function ensurePoseModel(repository: string, log?: LogFunction): Promise<EnsuredModel> {
  return ensureModel({ repository, name: POSE_MODEL_NAME, source: defaultPoseSource(), ...(log ? { log } : {}) });
}

/** Makes sure YAMNet is published in `repository` (converting it from ../shared on first use). */
export function ensureAudioModel(repository: string, log?: LogFunction): Promise<EnsuredModel> {
  return ensureModel({ repository, name: AUDIO_MODEL_NAME, source: defaultAudioSource(), ...(log ? { log } : {}) });
}
