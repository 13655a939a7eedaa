/** Which way a metric improves. */
export type Better = 'lower' | 'higher';

/** A target a ratio is reported against (never asserted): `ratio <= value` or `ratio >= value`. */
export interface Target {
  comparison: '<=' | '>=';
  value: number;
}

/** hubvino against a reference on one metric. */
export interface Comparison {
  /** hubvino's value (median). */
  hubvino: number | undefined;
  /** The reference's value (median). */
  reference: number | undefined;
  /** `hubvino / reference`, rounded to 3 decimals; `undefined` when either side is missing or zero. */
  ratio: number | undefined;
  /** Whether a lower or a higher ratio is better. */
  better: Better;
  target: Target | undefined;
  /** `true`/`false` when there is a target and a ratio, `undefined` otherwise. */
  meetsTarget: boolean | undefined;
}

/** `hubvino / reference`, or `undefined` when it is not a finite number (missing side, zero reference). */
export function ratio(hubvino: number | undefined, reference: number | undefined): number | undefined {
  if (hubvino === undefined || reference === undefined || reference === 0) return undefined;
  const value = hubvino / reference;
  return Number.isFinite(value) ? Math.round(value * 1000) / 1000 : undefined;
}

/** Whether `value` satisfies `target`. */
export function meets(value: number, target: Target): boolean {
  return target.comparison === '<=' ? value <= target.value : value >= target.value;
}

/** Builds a {@link Comparison} of hubvino's value against the reference's. */
export function compare(
  hubvino: number | undefined,
  reference: number | undefined,
  better: Better,
  target?: Target,
): Comparison {
  const value = ratio(hubvino, reference);
  return {
    hubvino,
    reference,
    ratio: value,
    better,
    target,
    meetsTarget: target === undefined || value === undefined ? undefined : meets(value, target),
  };
}

/** The targets of issues 6 and 19 (reported against, not asserted). */
export const targets = {
  /** hubvino latency / benchmark_app latency. */
  latency: { comparison: '<=', value: 1.05 },
  /** hubvino throughput / benchmark_app throughput (issue 19: at least as fast). */
  throughput: { comparison: '>=', value: 1 },
  /** hubvino images/s one image at a time / the Python path's images/s (issue 19). */
  endToEnd: { comparison: '>=', value: 1.2 },
  /** hubvino images/s with classify(files) / the Python path's images/s (issue 19). */
  endToEndBatch: { comparison: '>=', value: 1.5 },
  /** hubvino throughput / TensorFlow throughput. */
  tensorflowThroughput: { comparison: '>=', value: 3 },
  /** hubvino read + compile / benchmark_app's (issue 19). */
  startup: { comparison: '<=', value: 1.05 },
  /** `pnpm convert` wall time / bare ovc's, default options (issue 19). */
  conversion: { comparison: '<=', value: 1.5 },
} as const satisfies Record<string, Target>;
