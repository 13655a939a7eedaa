import { resolve } from 'node:path';
import type { Keypoint, TaskTimings } from '@hubvino/runtime';
import type { DemoSettings } from '../../config/demo-settings.js';
import { createPoseService, type ModelReference } from '../../inference/pose-audio-services.js';
import { formatTable } from '../format-table.js';
import type { LogFunction } from '../log.js';

/** What `demo pose <image>` returns (and prints as one JSON document with `--json`). */
export interface PoseReport {
  image: string;
  model: ModelReference;
  device: string;
  /** The image's size; keypoints are in its pixels. */
  width: number;
  height: number;
  /** Mean keypoint score (low when there is no person). */
  score: number;
  keypoints: Keypoint[];
  /** Pairs of indices into `keypoints` to join when drawing the skeleton. */
  skeleton: (readonly [number, number])[];
  timings: TaskTimings;
}

/**
 * `demo pose <image>`: ensures the MoveNet model (converting it from ../shared when missing) and
 * estimates the pose of the person in the image, keypoints in the image's pixels.
 */
export async function estimatePose(settings: DemoSettings, image: string, log: LogFunction): Promise<PoseReport> {
  const service = createPoseService({ repository: settings.repository, device: settings.device, log });
  try {
    const pose = await service.estimate(resolve(image));
    return {
      image,
      model: pose.model,
      device: settings.device,
      width: pose.width,
      height: pose.height,
      score: pose.score,
      keypoints: pose.keypoints,
      skeleton: [...pose.skeleton],
      timings: pose.timings,
    };
  } finally {
    await service.dispose();
  }
}

/** The report as text: one row per keypoint. */
export function formatPoseReport(report: PoseReport): string {
  const rows = report.keypoints.map((point) => [
    point.name,
    point.x.toFixed(1),
    point.y.toFixed(1),
    point.score.toFixed(3),
  ]);
  return [
    `${report.image} (${report.width}x${report.height}): pose score ${report.score.toFixed(3)}, ${report.model.name} v${report.model.version} on ${report.device}, ${report.timings.total.toFixed(1)} ms`,
    formatTable(['keypoint', 'x', 'y', 'score'], rows, [1, 2, 3]),
  ].join('\n');
}
