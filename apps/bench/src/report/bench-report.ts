import type { MachineFacts } from '../machine/machine-facts.js';
import type { BenchOptions } from '../sections/bench-context.js';
import type { Comparison } from '../statistics/comparison.js';

/** The sections of a bench run, in order. */
export const benchSections = [
  'inference',
  'end-to-end',
  'startup',
  'conversion',
  'precision',
  'quantization',
  'remote',
] as const;

/** One section of the bench. */
export type BenchSection = (typeof benchSections)[number];

/** One line of the table: hubvino against one reference on one metric. */
export interface BenchRow {
  section: BenchSection;
  /** What was measured on, e.g. `MobileNetV2 FP32 IR` or `100 JPEGs`. */
  subject: string;
  /** e.g. `latency, median (LATENCY hint, 1 request)`. */
  metric: string;
  /** e.g. `ms`, `inferences/s`, `images/s`, `s`. */
  unit: string;
  /** The reference, e.g. `benchmark_app` or `Python TensorFlow 2.21.0 SavedModel`. */
  reference: string;
  comparison: Comparison;
}

/** A section that could not run, and why. */
export interface BenchFailure {
  section: BenchSection;
  subject: string;
  message: string;
  code: string | undefined;
}

/** Everything one `pnpm bench` run measured. Printed with `--json`. */
export interface BenchReport {
  schema: 1;
  /** ISO date and time the run started. */
  startedAt: string;
  mode: 'quick' | 'full';
  /** The run's options, less the mode (above) and the model list (the rows name the models). */
  settings: Omit<BenchOptions, 'mode' | 'models'>;
  machine: MachineFacts;
  /** What the TensorFlow rows ran, e.g. `tfjs-node 4.22.0 (TensorFlow 2.21.0) SavedModel predict`. */
  tensorflowRuntimes: string[];
  rows: BenchRow[];
  failures: BenchFailure[];
  /** Free-form facts worth keeping next to the numbers (precision the plugin chose, shapes, ...). */
  notes: string[];
  /** Section-specific raw measurements. */
  details: Record<string, unknown>;
  elapsedSeconds: number;
}
