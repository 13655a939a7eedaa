import type { DemoSettings } from '../../config/demo-settings.js';
import { createDetectionService } from '../../inference/detection-service.js';
import { openClassificationService } from '../../inference/open-classification-service.js';
import { createAudioService, createPoseService } from '../../inference/pose-audio-services.js';
import { createSegmentationService } from '../../inference/segmentation-service.js';
import { createStyleTransferService } from '../../inference/style-transfer-service.js';
import { type RunningDemoServer, startDemoServer } from '../../server/create-server.js';
import type { LogFunction } from '../log.js';

/** A running demo: the server and the models behind it. */
export interface ServingDemo {
  /** e.g. `http://127.0.0.1:3000`. */
  url: string;
  server: RunningDemoServer;
  /** Stops accepting requests, closes the server, then disposes every compiled model. */
  stop(): Promise<void>;
}

/**
 * `demo serve` (the default command): ensures the model exists in the repository (converting it
 * when missing), loads it on the default device, and starts the server.
 */
export async function serveDemo(settings: DemoSettings, log: LogFunction): Promise<ServingDemo> {
  const { service } = await openClassificationService(settings, log);
  // The style-transfer models are made (from ../shared) and compiled on the first /api/stylize request.
  const styleTransfer = createStyleTransferService({
    repository: settings.repository,
    device: settings.device,
    styleModel: settings.styleModel,
    log,
  });
  // Likewise the detector and the segmenter, on the first /api/detect and /api/segment request.
  const detection = createDetectionService({ repository: settings.repository, device: settings.device, log });
  const segmentation = createSegmentationService({ repository: settings.repository, device: settings.device, log });
  // MoveNet and YAMNet likewise, on the first /api/pose and /api/listen request.
  const pose = createPoseService({ repository: settings.repository, device: settings.device, log });
  const audio = createAudioService({ repository: settings.repository, device: settings.device, log });
  const disposeAll = () =>
    Promise.all(
      [service, styleTransfer, detection, segmentation, pose, audio].map((inference) => inference.dispose()),
    ).then(() => {});
  let server: RunningDemoServer;
  try {
    server = await startDemoServer({
      service,
      styleTransfer,
      detection,
      segmentation,
      pose,
      audio,
      host: settings.host,
      port: settings.port,
      log,
    });
  } catch (error) {
    await disposeAll();
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    url: server.url,
    server,
    stop: () => {
      stopped ??= server.close().finally(disposeAll);
      return stopped;
    },
  };
}
