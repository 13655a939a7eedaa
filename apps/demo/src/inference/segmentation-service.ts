import { type ImageInput, ImageSegmenter, type Segmentation, type SegmentOptions } from '@hubvino/runtime';
import type { LogFunction } from '../cli/log.js';
import { SEGMENTATION_MODEL } from '../model/ensure-vision-models.js';
import { createVisionTask } from './vision-service.js';

/** What the segmentation route and command get for one image. */
export interface SegmentationResult extends Segmentation {
  model: { name: string; version: number };
  device: string;
}

/** Semantic segmentation as the demo's server and CLI use it. */
export interface SegmentationService {
  segment(image: ImageInput, options?: SegmentOptions): Promise<SegmentationResult>;
  dispose(): Promise<void>;
}

/** A {@link SegmentationService} over `@hubvino/runtime`'s ImageSegmenter (DeepLab v3 from ../shared). */
export function createSegmentationService(options: {
  repository: string;
  device: string;
  log: LogFunction;
}): SegmentationService {
  const loaded = createVisionTask({
    repository: options.repository,
    model: SEGMENTATION_MODEL,
    log: options.log,
    what: 'SegmentationService',
    load: (repository, name, version) => ImageSegmenter.load(repository, name, { version, device: options.device }),
  });
  return {
    async segment(image, segmentOptions = {}) {
      const { task, model } = await loaded.get();
      const result = await task.segment(image, segmentOptions);
      return { ...result, model, device: options.device };
    },
    dispose: () => loaded.dispose(),
  };
}
