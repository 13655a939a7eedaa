import type { Manifest, SourceFormat } from '@hubvino/runtime/artifact';

/** The result of {@link convert}. */
export interface ConvertResult {
  /** `published`: a new version folder; `unchanged`: `ifChanged` found the same source and options. */
  status: 'published' | 'unchanged';
  name: string;
  version: number;
  /** `<repository>/<name>/<version>` (absolute). */
  directory: string;
  repository: string;
  manifest: Manifest;
  source: {
    handle: string;
    format: SourceFormat;
    sha256: string;
    resolvedUrl: string | undefined;
    /** Whether the TF Hub cache already held the model (remote handles and local archives). */
    cacheHit: boolean | undefined;
    /** The model file or folder that was converted. */
    modelPath: string;
  };
  /**
   * Wall-clock time per phase, in milliseconds. `convertMs` runs until ovc reports the IR written;
   * the references answer while ovc runs, so `validateMs` is what validation adds after that.
   */
  timings: {
    resolveMs: number;
    convertMs: number;
    /** Validation, including quantization when `quantize` was given. */
    validateMs: number;
    /** INT8 quantization: calibration, NNCF and its validation (part of `validateMs`). */
    quantizeMs?: number;
    totalMs: number;
  };
}

/** Progress of {@link convert}, in order: resolve, download/progress (remote), convert, validate, publish, done. */
export type ConvertProgressEvent =
  | { type: 'resolve'; source: string; origin: 'remote' | 'local' }
  | {
      type: 'download';
      /** `start` a request, `wait` for another process's download, `retry` after a failure. */
      phase: 'start' | 'wait' | 'retry';
      url: string;
      attempt?: number;
      delayMs?: number;
      reason?: string;
    }
  | { type: 'progress'; url: string; bytes: number; totalBytes: number | undefined }
  | {
      type: 'convert';
      /**
       * `waiting` for another conversion to the same name, `took-over` a dead or stale lock,
       * `swept` staging folders left by killed conversions, `start` ovc, `done`.
       */
      phase: 'waiting' | 'took-over' | 'swept' | 'start' | 'done';
      arguments?: string[];
      durationMs?: number;
      /** For `took-over` and `swept`: what happened, for the user. */
      message?: string;
    }
  | {
      type: 'validate';
      /** `start`, `note` (a reference says something, e.g. why it was skipped: see `message`), `done`. */
      phase: 'start' | 'note' | 'done';
      message?: string;
      references?: { kind: string; maxAbsDiff: number; top1Agreement?: number; passed: boolean }[];
    }
  | {
      type: 'quantize';
      /** `provision` NNCF on first use, `calibrate` (prepare samples), `quantize` (NNCF), `validate` (agreement). */
      phase: 'provision' | 'calibrate' | 'quantize' | 'validate';
      message: string;
    }
  | { type: 'publish'; name: string; version: number; directory: string }
  | { type: 'done'; result: ConvertResult };

/** Callbacks of {@link convert}. */
export interface ConvertCallbacks {
  onProgress?: (event: ConvertProgressEvent) => void;
}
