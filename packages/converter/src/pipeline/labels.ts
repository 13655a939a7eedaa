import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ArgumentError } from '@hubvino/runtime';
import { parseLabels } from '@hubvino/runtime/task-support';
import { DownloadError } from '../errors/download-error.js';
import { SourceError } from '../errors/source-error.js';
import { atomicDownload } from '../hub/atomic-download.js';
import { AttemptError, requestFollowingRedirects } from '../hub/http-request.js';
import { isHttpHandle, moduleDirectory } from '../hub/hub-handle.js';
import type { HubSettings } from '../hub/hub-settings.js';
import { labelsFromMetadata } from '../task/metadata-labels.js';
import type { TfliteModel } from '../tflite/tflite-model.js';

/** TF's 1001 ImageNet labels ("background" first), as TF Hub's classification notebooks fetch them. */
export const IMAGENET_LABELS_URL = 'https://storage.googleapis.com/download.tensorflow.org/data/ImageNetLabels.txt';
export const IMAGENET_LABELS_FILE = 'ImageNetLabels.txt';
const IMAGENET_CLASSES = 1001;

/** Labels the artifact will carry, and where they came from. */
export interface PlannedLabels {
  text: string;
  labels: string[];
  /** `option` (labels / --labels), `tflite-metadata` (the model's associated file), `imagenet-default`. */
  origin: 'option' | 'tflite-metadata' | 'imagenet-default';
  /** The file or URL they were read from. */
  from: string;
}

async function readLabelsOption(labels: string, hub: HubSettings): Promise<string> {
  if (isHttpHandle(labels)) {
    try {
      const { response, controller } = await requestFollowingRedirects(labels, labels, hub);
      try {
        return await response.text();
      } finally {
        controller.abort();
      }
    } catch (error) {
      const final = error instanceof AttemptError ? error.final : error;
      throw new SourceError(`Cannot fetch the labels ${labels}: ${(final as Error).message}`, {
        source: labels,
        cause: error,
      });
    }
  }
  try {
    return await readFile(resolve(labels), 'utf8');
  } catch (error) {
    throw new ArgumentError(`Cannot read the labels file ${labels} given as 'labels': ${(error as Error).message}`, {
      argument: 'labels',
      cause: error,
    });
  }
}

/**
 * TF's ImageNetLabels.txt from the TF Hub cache (`<cache>/<sha1(url)>/ImageNetLabels.txt`), fetched
 * once with the cache's lock + temp + rename; offline it fails with the one-line offline message.
 * @throws DownloadError (`ERR_OFFLINE` / others) when it is not cached and cannot be fetched.
 */
export async function imageNetLabels(hub: HubSettings): Promise<{ text: string; file: string }> {
  const directory = moduleDirectory(hub.cacheDirectory, IMAGENET_LABELS_URL);
  const file = join(directory, IMAGENET_LABELS_FILE);
  try {
    await atomicDownload({
      handle: IMAGENET_LABELS_URL,
      directory,
      staleAfterMs: hub.lockTimeoutMs,
      pollMs: hub.lockPollMs,
      download: async (temporary) => {
        for (let attempt = 0; ; attempt += 1) {
          try {
            const { response, controller } = await requestFollowingRedirects(
              IMAGENET_LABELS_URL,
              IMAGENET_LABELS_URL,
              hub,
            );
            try {
              const text = await response.text();
              if (parseLabels(text).length !== IMAGENET_CLASSES) {
                throw new DownloadError(
                  `${IMAGENET_LABELS_URL} did not answer with ${IMAGENET_CLASSES} labels; pass labels (--labels <file>).`,
                  { url: IMAGENET_LABELS_URL },
                );
              }
              await writeFile(join(temporary, IMAGENET_LABELS_FILE), text);
              return;
            } finally {
              controller.abort();
            }
          } catch (error) {
            if (!(error instanceof AttemptError)) throw error;
            if (!error.retryable || attempt >= hub.retries) throw error.final;
            await new Promise((resolveDelay) => setTimeout(resolveDelay, hub.retryDelayMs * 2 ** attempt));
          }
        }
      },
    });
  } catch (error) {
    if (error instanceof DownloadError && error.code === 'ERR_OFFLINE') {
      throw new DownloadError(
        `cannot reach ${new URL(IMAGENET_LABELS_URL).host} for the ImageNet labels; pass labels (--labels <file>) or set TFHUB_CACHE_DIR`,
        {
          url: IMAGENET_LABELS_URL,
          code: 'ERR_OFFLINE',
          cause: error,
        },
      );
    }
    throw error;
  }
  return { text: await readFile(file, 'utf8'), file };
}

/**
 * Chooses the labels: the `labels` option; else labels from the TF Lite metadata (an associated
 * `TENSOR_AXIS_LABELS` file of the first output, else a `TENSOR_VALUE_LABELS` file such as an SSD
 * detector's class names, {@link labelsFromMetadata}); else, for a 1001-class image classifier, TF's
 * ImageNet labels ({@link imageNetLabels}); else none. The count is checked against the classes.
 * @throws ArgumentError (`labels`) when the option's file is empty or its count does not fit.
 */
export async function planLabels(options: {
  labels: string | undefined;
  hub: HubSettings;
  tflite: TfliteModel | undefined;
  /** The classes of the first output (its last dimension), when the task is classification. */
  classes: number | undefined;
}): Promise<PlannedLabels | undefined> {
  let planned: PlannedLabels | undefined;
  if (options.labels !== undefined) {
    const text = await readLabelsOption(options.labels, options.hub);
    planned = { text, labels: parseLabels(text), origin: 'option', from: options.labels };
    if (planned.labels.length === 0) {
      throw new ArgumentError(`The labels file ${options.labels} holds no label.`, { argument: 'labels' });
    }
  } else if (options.tflite && labelsFromMetadata(options.tflite)) {
    const found = labelsFromMetadata(options.tflite) as { file: string; text: string };
    planned = { text: found.text, labels: parseLabels(found.text), origin: 'tflite-metadata', from: found.file };
  } else if (options.classes === IMAGENET_CLASSES) {
    const found = await imageNetLabels(options.hub);
    planned = {
      text: found.text,
      labels: parseLabels(found.text),
      origin: 'imagenet-default',
      from: IMAGENET_LABELS_URL,
    };
  }
  if (planned && options.classes !== undefined && options.classes > 0 && planned.labels.length !== options.classes) {
    if (planned.origin !== 'option') return undefined;
    throw new ArgumentError(
      `The labels file ${options.labels} has ${planned.labels.length} labels but the model has ${options.classes} outputs; pass the matching labels (e.g. TF Hub's ImageNetLabels.txt for 1001 outputs).`,
      { argument: 'labels' },
    );
  }
  return planned;
}
