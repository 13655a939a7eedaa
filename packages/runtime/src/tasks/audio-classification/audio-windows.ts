/** How a clip is cut into the model's windows, in samples at the model's sample rate. */
export interface AudioFraming {
  /** Samples per window (the model's input length; YAMNet: 15600 = 0.975 s at 16 kHz). */
  windowSamples: number;
  /** Samples between window starts (YAMNet: 7680 = 0.48 s at 16 kHz). */
  hopSamples: number;
}

/**
 * Number of windows YAMNet's own framing makes of `length` samples (`features.pad_waveform` in the
 * TF models repository's research/audioset/yamnet): one window for anything up to a window long,
 * then one more per hop, the last one zero-padded, so every sample falls in some window.
 */
export function windowCount(length: number, framing: AudioFraming): number {
  if (length <= 0) return 0;
  return 1 + Math.ceil(Math.max(0, length - framing.windowSamples) / framing.hopSamples);
}

/** Window `index` of `samples` (a view when it lies inside; a zero-padded copy at the end). */
export function audioWindow(samples: Float32Array, index: number, framing: AudioFraming): Float32Array {
  const start = index * framing.hopSamples;
  const end = start + framing.windowSamples;
  if (end <= samples.length) return samples.subarray(start, end);
  const window = new Float32Array(framing.windowSamples);
  window.set(samples.subarray(start, Math.min(end, samples.length)));
  return window;
}

/** Mean of every class's score over the windows (YAMNet's tutorial: `scores.mean(axis=0)`). */
export function meanScores(windows: readonly Float32Array[], classCount: number): Float32Array {
  const mean = new Float32Array(classCount);
  if (windows.length === 0) return mean;
  for (const scores of windows) {
    for (let index = 0; index < classCount; index += 1)
      mean[index] = (mean[index] as number) + (scores[index] as number);
  }
  for (let index = 0; index < classCount; index += 1) mean[index] = (mean[index] as number) / windows.length;
  return mean;
}
