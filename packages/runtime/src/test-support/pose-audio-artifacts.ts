import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeTestArtifact } from '../artifact/test-support/write-test-artifact.js';
import { locateDevToolchain, locateOpenVino } from '../toolchain/index.js';
import { sharedDirectory } from './shared-data.js';

/** TF Hub google/lite-model/movenet/singlepose/lightning/tflite/int8/4 (see shared/PROVENANCE.md). */
export const movenetTflite = join(
  sharedDirectory,
  'models',
  'movenet_singlepose_lightning',
  'tflite_int8',
  'lite-model_movenet_singlepose_lightning_tflite_int8_4.tflite',
);
/** Coral's reference keypoints for MoveNet on squat.bmp (pose_id, pose_score, keypoint_id, score, x, y; normalised). */
export const movenetCoralReference = join(
  sharedDirectory,
  'models',
  'movenet_singlepose_lightning',
  'expected',
  'movenet_single_pose_lightning_ptq_reference.csv',
);
/** YAMNet audio classifier with metadata (521 AudioSet classes, labels in its zip). */
export const yamnetTflite = join(
  sharedDirectory,
  'models',
  'yamnet',
  'tflite',
  'yamnet_audio_classifier_with_metadata.tflite',
);
/** 16-bit mono 16 kHz speech clip from the TF Lite Task Library's audio tests. */
export const speechWav = join(sharedDirectory, 'audio', 'speech.wav');
/** A person squatting, 500x610 BMP (the MoveNet tutorial's photo). */
export const squatBmp = join(sharedDirectory, 'images', 'squat.bmp');

async function ovcToIr(source: string, directory: string): Promise<void> {
  const { ovc } = locateOpenVino();
  if (!ovc) throw new Error('ovc is not provisioned; run pnpm install (see packages/runtime/toolchain.json)');
  await promisify(execFile)(ovc.command, [...ovc.args, source, '--output_model', join(directory, 'model.xml')], {
    timeout: 120_000,
  });
}

/**
 * MoveNet lightning int8 converted by ovc, published by hand with the manifest the converter writes
 * for it (pose-estimation, 192x192 uint8, letterbox). Returns the version folder.
 */
export function writeMovenetArtifact(
  repository: string,
  name = 'movenet',
  task: 'pose-estimation' | 'generic' = 'pose-estimation',
): Promise<string> {
  return writeTestArtifact(repository, name, 1, {
    writeFiles: (directory) => ovcToIr(movenetTflite, directory),
    manifest: {
      task,
      source: { handle: movenetTflite, format: 'tflite', sha256: '0'.repeat(64) },
      inputs: [{ name: 'serving_default_input:0', shape: [1, 192, 192, 3], elementType: 'u8', layout: 'NHWC' }],
      outputs: [{ name: 'StatefulPartitionedCall:0', shape: [1, 1, 17, 3], elementType: 'f32' }],
      preprocessing: { inputSize: { height: 192, width: 192 }, resizeMode: 'letterbox', valueRange: 'uint8' },
    },
  });
}

/**
 * YAMNet converted by ovc, with its labels taken from the model's zip by Python's zipfile (not by
 * hubvino) and the manifest the converter writes for it. Returns the version folder.
 */
export function writeYamnetArtifact(repository: string, name = 'yamnet'): Promise<string> {
  return writeTestArtifact(repository, name, 1, {
    writeFiles: async (directory) => {
      await ovcToIr(yamnetTflite, directory);
      const { stdout } = await promisify(execFile)(locateDevToolchain().python, [
        '-c',
        'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read("yamnet_label_list.txt").decode())',
        yamnetTflite,
      ]);
      await writeFile(join(directory, 'labels.txt'), stdout);
    },
    files: ['model.xml', 'model.bin', 'labels.txt'],
    manifest: {
      task: 'audio-classification',
      source: { handle: yamnetTflite, format: 'tflite', sha256: '0'.repeat(64) },
      inputs: [{ name: 'waveform_binary', shape: [15600], elementType: 'f32' }],
      outputs: [{ name: 'tower0/network/layer32/final_output', shape: [1, 521], elementType: 'f32' }],
      postprocessing: { activation: 'none', labelsFile: 'labels.txt', labelOffset: 0 },
      audio: { sampleRate: 16000, windowSamples: 15600, hopSamples: 7680 },
    },
  });
}
