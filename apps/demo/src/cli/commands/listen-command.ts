import { resolve } from 'node:path';
import type { TaskTimings } from '@hubvino/runtime';
import type { DemoSettings } from '../../config/demo-settings.js';
import { createAudioService, type ModelReference } from '../../inference/pose-audio-services.js';
import { formatTable } from '../format-table.js';
import type { LogFunction } from '../log.js';

/** A class and its score. */
export interface ScoredLabel {
  label: string;
  score: number;
}

/** What `demo listen <wav>` returns (and prints as one JSON document with `--json`). */
export interface ListenReport {
  audio: string;
  model: ModelReference;
  device: string;
  durationSeconds: number;
  sampleRate: number;
  /** The clip's best classes (scores averaged over the windows). */
  classes: ScoredLabel[];
  /** Every window's best classes. */
  windows: { start: number; end: number; classes: ScoredLabel[] }[];
  timings: TaskTimings;
}

/**
 * `demo listen <wav>`: ensures the YAMNet model (converting it from ../shared when missing) and
 * classifies the clip window by window (0.975 s every 0.48 s) and as a whole.
 */
export async function listenToAudio(
  settings: DemoSettings,
  request: { audio: string; topK?: number },
  log: LogFunction,
): Promise<ListenReport> {
  const service = createAudioService({ repository: settings.repository, device: settings.device, log });
  try {
    const result = await service.classify(resolve(request.audio), { topK: request.topK ?? 5 });
    const scored = (classes: { label: string; score: number }[]): ScoredLabel[] =>
      classes.map(({ label, score }) => ({ label, score }));
    return {
      audio: request.audio,
      model: result.model,
      device: settings.device,
      durationSeconds: result.durationSeconds,
      sampleRate: result.sampleRate,
      classes: scored(result.classes),
      windows: result.windows.map((window) => ({
        start: window.start,
        end: window.end,
        classes: scored(window.classes),
      })),
      timings: result.timings,
    };
  } finally {
    await service.dispose();
  }
}

/** The report as text: the clip's classes, then each window's best three. */
export function formatListenReport(report: ListenReport): string {
  const clip = formatTable(
    ['#', 'label', 'score'],
    report.classes.map((item, rank) => [String(rank + 1), item.label, item.score.toFixed(3)]),
    [0, 2],
  );
  const windows = formatTable(
    ['window', 'top classes'],
    report.windows.map((window) => [
      `${window.start.toFixed(2)}-${window.end.toFixed(2)} s`,
      window.classes
        .slice(0, 3)
        .map((item) => `${item.label} ${item.score.toFixed(2)}`)
        .join(', '),
    ]),
  );
  return [
    `${report.audio} (${report.durationSeconds.toFixed(2)} s at ${report.sampleRate} Hz): ${report.model.name} v${report.model.version} on ${report.device}, ${report.timings.total.toFixed(1)} ms`,
    clip,
    '',
    windows,
  ].join('\n');
}
