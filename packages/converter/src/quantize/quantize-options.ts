import { ArgumentError } from '@hubvino/runtime';

/** How NNCF guards against u8 saturation on CPUs without VNNI (its `OverflowFix`); `auto` decides by this CPU. */
export type OverflowFixMode = 'auto' | 'enable' | 'first-layer' | 'disable';
export const OVERFLOW_FIX_MODES: readonly OverflowFixMode[] = ['auto', 'enable', 'first-layer', 'disable'];

/**
 * The largest top-1 agreement loss (percentage points, INT8 IR vs the float source on the held-apart
 * images, against the float IR's own agreement) that still publishes. 1 pp is the target and
 * what NNCF's published MobileNet results stay within (ImageNet top-1 drops of 0.1–0.9 pp); more
 * refuses with a ValidationError and publishes nothing. `--max-agreement-loss` changes it.
 */
export const DEFAULT_MAX_AGREEMENT_LOSS = 1;
/** Calibration samples by default: NNCF's own default `subset_size` (300). */
export const DEFAULT_CALIBRATION_SAMPLES = 300;
/** Validation samples on the held-apart images by default (one sample moves agreement by 0.5 pp). */
export const DEFAULT_VALIDATION_SAMPLES = 200;
/** Share of the image files held apart for validation (never used for calibration). */
export const HELD_APART_SHARE = 0.25;
/** Seed of the crops and flips that turn a few images into many samples. */
export const DEFAULT_SAMPLE_SEED = 20_261_127;

/** `convert({ quantize })`: INT8 post-training quantization with NNCF after conversion. */
export interface QuantizeOptions {
  /** Only `int8`. */
  precision: 'int8';
  /**
   * A folder of images, or a number of calibration samples drawn from the default image folder
   * (`HUBVINO_CALIBRATION_IMAGES`, else `../shared/images` beside the hubvino workspace).
   */
  calibration: string | number;
  /** Calibration samples (default {@link DEFAULT_CALIBRATION_SAMPLES}; the number when `calibration` is one). */
  calibrationSamples?: number;
  /** Samples from the held-apart images the quantized IR is validated on (default {@link DEFAULT_VALIDATION_SAMPLES}). */
  validationSamples?: number;
  /** Refusal threshold in percentage points of top-1 agreement (default {@link DEFAULT_MAX_AGREEMENT_LOSS}). */
  maxAgreementLoss?: number;
  /** NNCF's overflow fix (default `auto`: `enable` on a CPU without VNNI/AMX, NNCF's `first-layer` otherwise). */
  overflowFix?: OverflowFixMode;
  /** NNCF preset: `performance` (symmetric, default) or `mixed` (asymmetric activations). */
  preset?: 'performance' | 'mixed';
  /**
   * NNCF's bias correction: `full` (default; `fast_bias_correction=False`) or NNCF's own default `fast`.
   * Measured on MobileNetV1 0.25 (300 calibration / 200 held-apart samples): top-1 agreement 87 % full
   * vs 72.5 % fast, for 20 s vs 14 s of quantization.
   */
  biasCorrection?: 'full' | 'fast';
  /**
   * NNCF's accuracy-aware quantization (`quantize_with_accuracy_control`): after quantizing, the
   * operations that cost the most top-1 agreement with the float source go back to float, one by one,
   * until the loss is within `maxAgreementLoss`. It ranks and re-checks on its own samples, cropped
   * from the calibration images (so the held-apart images still judge the result), as many as
   * `validationSamples`. Slower than plain quantization (one check per reverted operation); refuses when
   * every operation had to stay float. Default false: plain quantization, refused when over the limit.
   */
  accuracyControl?: boolean;
  /** Seed of the crops (default {@link DEFAULT_SAMPLE_SEED}). */
  seed?: number;
}

function positiveInteger(value: unknown, argument: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new ArgumentError(`'${argument}' must be a positive integer (got ${JSON.stringify(value)})`, { argument });
  }
  return value;
}

/** The checked options with defaults applied. */
export type ResolvedQuantizeOptions = Required<Omit<QuantizeOptions, 'calibration'>> & {
  calibration: { folder: string } | { count: number };
};

/** Checks `quantize` at the public edge; errors name the option (`quantize.calibration`, ...). */
export function checkQuantizeOptions(value: unknown, argument = 'quantize'): ResolvedQuantizeOptions {
  if (typeof value !== 'object' || value === null) {
    throw new ArgumentError(`'${argument}' must be an object such as { precision: 'int8', calibration: 300 }`, {
      argument,
    });
  }
  const options = value as QuantizeOptions;
  if (options.precision !== 'int8') {
    throw new ArgumentError(`'${argument}.precision' must be 'int8' (got ${JSON.stringify(options.precision)})`, {
      argument: `${argument}.precision`,
    });
  }
  const calibrationArgument = `${argument}.calibration`;
  let calibration: ResolvedQuantizeOptions['calibration'];
  let calibrationSamples = options.calibrationSamples;
  if (typeof options.calibration === 'number') {
    calibration = { count: positiveInteger(options.calibration, calibrationArgument) };
    calibrationSamples ??= options.calibration;
  } else if (typeof options.calibration === 'string' && options.calibration.trim() !== '') {
    calibration = { folder: options.calibration };
  } else {
    throw new ArgumentError(
      `'${calibrationArgument}' must be a folder of images or a number of samples (got ${JSON.stringify(options.calibration)})`,
      { argument: calibrationArgument },
    );
  }
  const maxAgreementLoss = options.maxAgreementLoss ?? DEFAULT_MAX_AGREEMENT_LOSS;
  if (!Number.isFinite(maxAgreementLoss) || maxAgreementLoss < 0 || maxAgreementLoss > 100) {
    throw new ArgumentError(
      `'${argument}.maxAgreementLoss' must be percentage points between 0 and 100 (got ${JSON.stringify(options.maxAgreementLoss)})`,
      { argument: `${argument}.maxAgreementLoss` },
    );
  }
  const overflowFix = options.overflowFix ?? 'auto';
  if (!OVERFLOW_FIX_MODES.includes(overflowFix)) {
    throw new ArgumentError(
      `'${argument}.overflowFix' must be one of ${OVERFLOW_FIX_MODES.join(', ')} (got ${JSON.stringify(overflowFix)})`,
      { argument: `${argument}.overflowFix` },
    );
  }
  const preset = options.preset ?? 'performance';
  if (preset !== 'performance' && preset !== 'mixed') {
    throw new ArgumentError(`'${argument}.preset' must be 'performance' or 'mixed' (got ${JSON.stringify(preset)})`, {
      argument: `${argument}.preset`,
    });
  }
  const biasCorrection = options.biasCorrection ?? 'full';
  if (biasCorrection !== 'full' && biasCorrection !== 'fast') {
    throw new ArgumentError(
      `'${argument}.biasCorrection' must be 'full' or 'fast' (got ${JSON.stringify(biasCorrection)})`,
      { argument: `${argument}.biasCorrection` },
    );
  }
  const accuracyControl = options.accuracyControl ?? false;
  if (typeof accuracyControl !== 'boolean') {
    throw new ArgumentError(
      `'${argument}.accuracyControl' must be true or false (got ${JSON.stringify(options.accuracyControl)})`,
      { argument: `${argument}.accuracyControl` },
    );
  }
  return {
    precision: 'int8',
    calibration,
    biasCorrection,
    accuracyControl,
    calibrationSamples: positiveInteger(
      calibrationSamples ?? DEFAULT_CALIBRATION_SAMPLES,
      `${argument}.calibrationSamples`,
    ),
    validationSamples: positiveInteger(
      options.validationSamples ?? DEFAULT_VALIDATION_SAMPLES,
      `${argument}.validationSamples`,
    ),
    maxAgreementLoss,
    overflowFix,
    preset,
    seed: options.seed ?? DEFAULT_SAMPLE_SEED,
  };
}

/** NNCF's `OverflowFix` value for a mode on a CPU: `auto` enables it where u8 dot products saturate. */
export function nncfOverflowFix(
  mode: OverflowFixMode,
  int8: 'exact' | 'saturating',
): 'enable' | 'first_layer_only' | 'disable' {
  if (mode === 'enable') return 'enable';
  if (mode === 'disable') return 'disable';
  if (mode === 'first-layer') return 'first_layer_only';
  return int8 === 'saturating' ? 'enable' : 'first_layer_only';
}
