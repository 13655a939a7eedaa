import { compileArtifact } from '../../artifact/load-artifact.js';
import type { AudioInputDescription, Manifest } from '../../artifact/manifest.js';
import { openArtifact } from '../../artifact/open-artifact.js';
import type { CompiledModel } from '../../compiled-model.js';
import { enginePort } from '../../engine/inference-engine.js';
import { ArgumentError } from '../../errors/argument-error.js';
import { ArtifactCorruptError } from '../../errors/artifact-corrupt-error.js';
import type { InferQueue } from '../../infer-queue.js';
import { formatShape, type Port, portKey } from '../../port.js';
import { Tensor } from '../../tensor.js';
import { OwnedResources } from '../base/owned-resources.js';
import { Task } from '../base/task.js';
import { checkTaskManifest } from '../base/task-artifact.js';
import { checkOptionsObject, checkTaskRunOptions } from '../base/task-options.js';
import { outputData } from '../base/task-outputs.js';
import { Stopwatch } from '../base/task-timings.js';
import { topK } from '../common/top-k.js';
import type { Classification } from '../image-classification/classification.js';
import { type ClassifierOutputValues, classificationScores } from '../image-classification/classification-scores.js';
import { type ClassifierHead, classifierHead } from '../image-classification/classifier-head.js';
import type {
  AudioClassification,
  AudioClassifierLoadOptions,
  AudioClassifyOptions,
} from './audio-classifier-options.js';
import { checkMaxDuration } from './audio-classifier-options.js';
import type { AudioInput } from './audio-input.js';
import { audioWindow, meanScores, windowCount } from './audio-windows.js';
import { decodeAudio } from './decode-wav.js';
import { toMonoAt } from './resample-mono.js';

interface AudioParts {
  compiledModel: CompiledModel;
  input: Port;
  head: ClassifierHead;
  audio: AudioInputDescription;
  manifest: Manifest;
  maxDurationSeconds: number | undefined;
  requests: number | undefined;
}

/**
 * Audio event classification with a windowed waveform model such as YAMNet (TF Hub
 * `yamnet/classification`, 521 AudioSet classes): WAV (or PCM) -> mono -> the model's sample rate
 * (libsamplerate sinc) -> windows of the model's input length every `hopSamples` (YAMNet: 0.975 s
 * every 0.48 s) -> one inference per window -> per-window classes and the clip's mean.
 *
 * ```ts
 * using classifier = await AudioClassifier.load('models', 'yamnet');
 * const { classes, windows } = await classifier.classify('speech.wav', { topK: 3 });
 * // classes: [{ label: 'Speech', score: 0.98, index: 0 }, ...]
 * ```
 */
export class AudioClassifier extends Task {
  readonly #parts: AudioParts;
  readonly #queue: InferQueue;

  private constructor(resources: OwnedResources, parts: AudioParts) {
    super('AudioClassifier', resources);
    this.#parts = parts;
    this.#queue = this.createQueue(parts.compiledModel, parts.requests);
  }

  /**
   * Loads an audio-classification artifact (`<repository>/<name>/<version>/`, latest by default).
   * @throws ArtifactNotFoundError / ArtifactCorruptError as `loadArtifact`; ArgumentError when the
   *   artifact is not an audio classifier or its input is not a waveform window.
   */
  static async load(
    repository: string,
    name: string,
    options: AudioClassifierLoadOptions = {},
  ): Promise<AudioClassifier> {
    const { requests } = checkTaskRunOptions(options);
    const maxDurationSeconds = checkMaxDuration(options.maxDurationSeconds);
    const opened = await openArtifact(repository, name, options.version);
    checkTaskManifest(opened, {
      task: 'audio-classification',
      describedAs: 'an audio classifier',
      requires: ['postprocessing'],
    });
    const { manifest } = opened;
    if (manifest.audio === undefined) {
      throw new ArtifactCorruptError(
        `${opened.manifestFile} has no audio section, which an audio classifier needs; re-publish the artifact.`,
        { file: opened.manifestFile },
      );
    }
    const audio = manifest.audio;
    const postprocessing = manifest.postprocessing as NonNullable<Manifest['postprocessing']>;
    return OwnedResources.use(options.core, async (resources) => {
      const { version: _version, maxDurationSeconds: _max, ...loadOptions } = options;
      const artifact = resources.own(await compileArtifact(opened, { ...loadOptions, core: resources.core }));
      const compiledModel = artifact.compiledModel;
      const input = waveformInput(compiledModel, audio.windowSamples);
      const head = classifierHead(compiledModel.outputs.map(enginePort), postprocessing, artifact.labels);
      return new AudioClassifier(resources, {
        compiledModel,
        input,
        head,
        audio,
        manifest,
        maxDurationSeconds,
        requests,
      });
    });
  }

  /** Sample rate, window and hop (in samples) the model works with. */
  get audio(): AudioInputDescription {
    return { ...this.#parts.audio };
  }

  /** Number of classes the model scores. */
  get classCount(): number {
    return this.#parts.head.classCount;
  }

  /** The labels, when the model has them. */
  get labels(): readonly string[] | undefined {
    return this.#parts.head.labels;
  }

  /** The artifact manifest. */
  get manifest(): Manifest {
    return this.#parts.manifest;
  }

  /** The compiled model. */
  get compiledModel(): CompiledModel {
    this.assertLive();
    return this.#parts.compiledModel;
  }

  /**
   * Classifies a clip: a WAV file path, WAV bytes, or PCM `{ samples, sampleRate }`. Returns the
   * clip's `topK` classes (mean score over windows) and every window's.
   * @throws AudioDecodeError / AudioTooLongError for bad audio (naming it); ArgumentError for bad
   *   options; DisposedError after dispose().
   */
  async classify(audio: AudioInput, options: AudioClassifyOptions = {}): Promise<AudioClassification> {
    this.assertLive();
    checkOptionsObject(options, '{ topK: 5 }');
    const k = options.topK ?? 5;
    topK([], k); // validates k before any work
    const { head, maxDurationSeconds } = this.#parts;
    const framing = this.#parts.audio;
    const stopwatch = new Stopwatch();
    const { samples, decoded } = await stopwatch.time('preprocess', async () => {
      const decoded = await decodeAudio(audio, maxDurationSeconds === undefined ? {} : { maxDurationSeconds });
      return { decoded, samples: await toMonoAt(decoded, framing.sampleRate) };
    });
    this.assertLive();
    const count = windowCount(samples.length, framing);
    const scores: Float32Array[] = new Array(count);
    await stopwatch.time('infer', async () => {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < count) {
          const index = next;
          next += 1;
          scores[index] = await this.#score(audioWindow(samples, index, framing));
        }
      };
      await Promise.all(Array.from({ length: Math.min(count, this.#queue.size) }, worker));
    });
    const ranked = (values: Float32Array): Classification[] =>
      topK(values, k).map(({ index, score }) => ({ label: head.label(index), score, index }));
    const { classes, windows } = await stopwatch.time('postprocess', () => ({
      classes: ranked(meanScores(scores, head.classCount)),
      windows: scores.map((values, index) => ({
        start: (index * framing.hopSamples) / framing.sampleRate,
        end: (index * framing.hopSamples + framing.windowSamples) / framing.sampleRate,
        classes: ranked(values),
      })),
    }));
    return {
      classes,
      windows,
      durationSeconds: (decoded.channels[0]?.length ?? 0) / decoded.sampleRate,
      sampleRate: decoded.sampleRate,
      timings: stopwatch.timings(),
    };
  }

  /** One window's scores (activation and dequantization applied). */
  async #score(window: Float32Array): Promise<Float32Array> {
    const { input, head } = this.#parts;
    const tensor = new Tensor('f32', input.partialShape, Float32Array.from(window));
    try {
      const result = await this.#queue.run({ [portKey(input)]: tensor });
      const values = outputData(result, head.output.name) as ClassifierOutputValues;
      return Float32Array.from(
        classificationScores(values, head.output.elementType, head.activation, head.dequantization),
      );
    } finally {
      tensor.dispose();
    }
  }
}

/** The one f32 waveform input of `windowSamples` samples ([N] or [1, N]). */
function waveformInput(compiledModel: CompiledModel, windowSamples: number): Port {
  const input = compiledModel.inputs[0];
  const shape = input?.partialShape ?? [];
  const length = shape.reduce((product, dimension) => product * dimension, 1);
  if (
    compiledModel.inputs.length !== 1 ||
    input === undefined ||
    input.dynamicRank ||
    input.elementType !== 'f32' ||
    length !== windowSamples
  ) {
    throw new ArgumentError(
      `An audio classifier must have one f32 waveform input of ${windowSamples} samples; this model's inputs are ${compiledModel.inputs
        .map((port) => `'${portKey(port)}' ${port.elementType} ${formatShape(port.partialShape)}`)
        .join(', ')}.`,
      { argument: 'model' },
    );
  }
  return input;
}
