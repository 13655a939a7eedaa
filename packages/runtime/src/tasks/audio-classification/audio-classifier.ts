import { type LoadArtifactOptions, loadArtifact } from '../../artifact/load-artifact.js';
import type { AudioInputDescription, Manifest } from '../../artifact/manifest.js';
import type { CompiledModel } from '../../compiled-model.js';
import { ArgumentError } from '../../errors/argument-error.js';
import { ArtifactCorruptError } from '../../errors/artifact-error.js';
import { DisposedError } from '../../errors/disposed-error.js';
import { InferQueue } from '../../infer-queue.js';
import { formatShape, type Port, portKey } from '../../port.js';
import { Tensor } from '../../tensor.js';
import type { Classification } from '../classification.js';
import { type ClassifierOutputValues, classificationScores, resolveDequantization } from '../classification-scores.js';
import type { QuantizationParameters } from '../dequantize.js';
import { createLabelLookup } from '../labels.js';
import { topK } from '../top-k.js';
import type { AudioInput } from './audio-input.js';
import { audioWindow, meanScores, windowCount } from './audio-windows.js';
import { decodeAudio } from './decode-wav.js';
import { toMonoAt } from './resample-mono.js';

/** Options of {@link AudioClassifier.load}. */
export interface AudioClassifierLoadOptions extends Omit<LoadArtifactOptions, 'prepareModel'> {
  /** Refuse clips longer than this, from the WAV header (default 600 s). */
  maxDurationSeconds?: number;
  /** Number of InferRequests the windows of a clip share (default: OpenVINO's optimal number). */
  requests?: number;
}

/** Options of {@link AudioClassifier.classify}. */
export interface AudioClassifyOptions {
  /** How many classes to return per window and for the clip, best first (default 5). */
  topK?: number;
}

/** The classes of one window of the clip. */
export interface AudioWindowClassification {
  /** Window start and end in seconds from the start of the clip (the last window may run past its end). */
  start: number;
  end: number;
  classes: Classification[];
}

/** What {@link AudioClassifier.classify} returns. */
export interface AudioClassification {
  /** The clip's best classes: each class's score averaged over the windows (YAMNet's own aggregate). */
  classes: Classification[];
  /** Every window's best classes, in time order. */
  windows: AudioWindowClassification[];
  /** Length of the clip in seconds, and its sample rate as given. */
  durationSeconds: number;
  sampleRate: number;
  /** Milliseconds spent decoding and resampling, in inference and in total. */
  timings: { decodeMs: number; inferMs: number; totalMs: number };
}

interface AudioParts {
  compiledModel: CompiledModel;
  inputName: string;
  output: Port;
  audio: AudioInputDescription;
  classCount: number;
  label: (index: number) => string;
  activation: 'softmax' | 'sigmoid' | 'none';
  dequantization: QuantizationParameters | undefined;
  manifest: Manifest;
  maxDurationSeconds: number | undefined;
  release: () => void;
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
 * // classes: [{ label: 'Speech', score: 0.9, index: 0 }, ...]
 * ```
 */
export class AudioClassifier implements Disposable {
  readonly #parts: AudioParts;
  readonly #queue: InferQueue;
  #disposed = false;

  private constructor(parts: AudioParts, requests: number | undefined) {
    this.#parts = parts;
    try {
      this.#queue = new InferQueue(parts.compiledModel, requests);
    } catch (error) {
      parts.release();
      throw error;
    }
  }

  /**
   * Loads an audio-classification artifact (`<repository>/<name>/<version>/`, latest by default).
   * @throws ArtifactNotFoundError / ArtifactCorruptError as {@link loadArtifact}; ArgumentError when
   *   the artifact is not an audio classifier.
   */
  static async load(
    repository: string,
    name: string,
    options: AudioClassifierLoadOptions = {},
  ): Promise<AudioClassifier> {
    const { maxDurationSeconds, requests } = checkRunOptions(options);
    const artifact = await loadArtifact(repository, name, {
      ...options,
      prepareModel: (model, manifest) => {
        const manifestFile = `${repository}/${name}/${manifest.version}/hubvino.json`;
        if (manifest.task !== 'audio-classification') {
          model.dispose();
          throw new ArgumentError(
            'name',
            `'${name}' version ${manifest.version} is a ${manifest.task} model, not an audio classifier (task in ${manifestFile}).`,
          );
        }
        if (!manifest.audio || !manifest.postprocessing) {
          model.dispose();
          throw new ArtifactCorruptError(
            manifestFile,
            `${manifestFile} has no ${manifest.audio ? 'postprocessing' : 'audio'} section, which an audio classifier needs; re-publish the artifact.`,
          );
        }
        return model;
      },
    });
    try {
      const { manifest, compiledModel } = artifact;
      const audio = manifest.audio as AudioInputDescription;
      const postprocessing = manifest.postprocessing as NonNullable<Manifest['postprocessing']>;
      const input = compiledModel.inputs[0];
      const inputShape = input?.partialShape ?? [];
      const inputLength = inputShape.reduce((product, dimension) => product * dimension, 1);
      if (
        compiledModel.inputs.length !== 1 ||
        input === undefined ||
        input.elementType !== 'f32' ||
        inputLength !== audio.windowSamples
      ) {
        throw new ArgumentError(
          'model',
          `An audio classifier must have one f32 waveform input of ${audio.windowSamples} samples; this model's inputs are ${compiledModel.inputs
            .map((port) => `'${portKey(port)}' ${port.elementType} ${formatShape(port.partialShape)}`)
            .join(', ')}.`,
        );
      }
      const output = compiledModel.outputs[0];
      const outputShape = output?.partialShape ?? [];
      const classCount = outputShape.at(-1) ?? -1;
      if (
        compiledModel.outputs.length < 1 ||
        output === undefined ||
        classCount < 1 ||
        !outputShape.slice(0, -1).every((d) => d === 1)
      ) {
        throw new ArgumentError(
          'model',
          `An audio classifier's first output must be [1, classes] scores; this model's is ${output ? formatShape(outputShape) : 'missing'}.`,
        );
      }
      return new AudioClassifier(
        {
          compiledModel,
          inputName: portKey(input),
          output,
          audio,
          classCount,
          label: createLabelLookup(artifact.labels, classCount, postprocessing.labelOffset ?? 0),
          activation: postprocessing.activation,
          dequantization: resolveDequantization(output.elementType, postprocessing),
          manifest,
          maxDurationSeconds,
          release: () => artifact.dispose(),
        },
        requests,
      );
    } catch (error) {
      artifact.dispose();
      throw error;
    }
  }

  /** Sample rate, window and hop (in samples) the model works with. */
  get audio(): AudioInputDescription {
    return { ...this.#parts.audio };
  }

  /** Number of classes the model scores. */
  get classCount(): number {
    return this.#parts.classCount;
  }

  /** The artifact manifest. */
  get manifest(): Manifest {
    return this.#parts.manifest;
  }

  /** The compiled model. */
  get compiledModel(): CompiledModel {
    return this.#live().compiledModel;
  }

  /** True after dispose(). */
  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * Classifies a clip: a WAV file path, WAV bytes, or PCM `{ samples, sampleRate }`. Returns the
   * clip's `topK` classes (mean score over windows) and every window's.
   * @throws AudioDecodeError / AudioTooLongError for bad audio (naming it); ArgumentError for bad
   *   options; DisposedError after dispose().
   */
  async classify(audio: AudioInput, options: AudioClassifyOptions = {}): Promise<AudioClassification> {
    const parts = this.#live();
    const k = options.topK ?? 5;
    topK([], k); // validates k before any work
    const started = performance.now();
    const decoded = await decodeAudio(
      audio,
      parts.maxDurationSeconds === undefined ? {} : { maxDurationSeconds: parts.maxDurationSeconds },
    );
    const durationSeconds = (decoded.channels[0]?.length ?? 0) / decoded.sampleRate;
    const samples = await toMonoAt(decoded, parts.audio.sampleRate);
    const decodeMs = performance.now() - started;
    this.#live();
    const count = windowCount(samples.length, parts.audio);
    const scores: Float32Array[] = new Array(count);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < count) {
        const index = next;
        next += 1;
        scores[index] = await this.#score(audioWindow(samples, index, parts.audio));
      }
    };
    await Promise.all(Array.from({ length: Math.min(count, this.#queue.size) }, worker));
    const inferMs = performance.now() - started - decodeMs;
    const ranked = (values: Float32Array): Classification[] =>
      topK(values, k).map(({ index, score }) => ({ label: parts.label(index), score, index }));
    const { sampleRate, windowSamples, hopSamples } = parts.audio;
    return {
      classes: ranked(meanScores(scores, parts.classCount)),
      windows: scores.map((values, index) => ({
        start: (index * hopSamples) / sampleRate,
        end: (index * hopSamples + windowSamples) / sampleRate,
        classes: ranked(values),
      })),
      durationSeconds,
      sampleRate: decoded.sampleRate,
      timings: { decodeMs, inferMs, totalMs: performance.now() - started },
    };
  }

  /** Frees the requests and the compiled model. Safe to repeat. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#queue.dispose();
    this.#parts.release();
  }

  /** Same as {@link dispose}. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  async #score(window: Float32Array): Promise<Float32Array> {
    const parts = this.#parts;
    const input = parts.compiledModel.inputs[0] as Port;
    const tensor = new Tensor('f32', input.partialShape, Float32Array.from(window));
    try {
      const outputs = await this.#queue.run({ [parts.inputName]: tensor });
      const values = outputs[portKey(parts.output)]?.data as ClassifierOutputValues;
      return Float32Array.from(
        classificationScores(values, parts.output.elementType, parts.activation, parts.dequantization),
      );
    } finally {
      tensor.dispose();
    }
  }

  #live(): AudioParts {
    if (this.#disposed) throw new DisposedError('AudioClassifier');
    return this.#parts;
  }
}

function checkRunOptions(options: AudioClassifierLoadOptions): {
  maxDurationSeconds: number | undefined;
  requests: number | undefined;
} {
  const { maxDurationSeconds, requests } = options;
  if (
    maxDurationSeconds !== undefined &&
    !(typeof maxDurationSeconds === 'number' && maxDurationSeconds > 0 && Number.isFinite(maxDurationSeconds))
  ) {
    throw new ArgumentError(
      'maxDurationSeconds',
      `'maxDurationSeconds' must be a positive number of seconds (got ${String(maxDurationSeconds)})`,
    );
  }
  if (requests !== undefined && (!Number.isSafeInteger(requests) || requests < 1 || requests > 64)) {
    throw new ArgumentError('requests', `'requests' must be an integer from 1 to 64 (got ${String(requests)})`);
  }
  return { maxDurationSeconds, requests };
}
