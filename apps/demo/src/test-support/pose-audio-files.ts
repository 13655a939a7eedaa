import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sharedDirectory } from '../config/paths.js';

/** The pose and sound inputs from ../shared (read in place, never copied). */
export const poseAudioFiles = {
  /** A person squatting, 500x610 BMP (the MoveNet tutorial's photo). */
  squat: join(sharedDirectory(), 'images', 'squat.bmp'),
  /** 16-bit mono 16 kHz speech (the TF Lite Task Library's audio test clip). */
  speech: join(sharedDirectory(), 'audio', 'speech.wav'),
  coralReference: join(
    sharedDirectory(),
    'models',
    'movenet_singlepose_lightning',
    'expected',
    'movenet_single_pose_lightning_ptq_reference.csv',
  ),
};

/**
 * Coral's reference keypoints for squat.bmp in its pixels: the CSV's normalised x, y times the
 * photo's width and height (Coral's example stretches the photo to 192x192; see
 * packages/runtime's pose-estimator.integration.test.ts for the bounds and where they come from).
 */
export async function coralKeypoints(): Promise<{ x: number; y: number; score: number }[]> {
  const rows = (await readFile(poseAudioFiles.coralReference, 'utf8')).trim().split('\n').slice(1);
  return rows.map((row) => {
    const [, , , score, x, y] = row.split(',').map(Number) as number[];
    return { x: (x as number) * 500, y: (y as number) * 610, score: score as number };
  });
}
