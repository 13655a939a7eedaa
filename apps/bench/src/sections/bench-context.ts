import { HubvinoError } from '@hubvino/runtime';
import type { ModelKind } from '../models/model-sources.js';
import type { PreparedModel } from '../models/prepared-model.js';
import type { BenchFailure, BenchRow, BenchSection } from '../report/bench-report.js';

/** How a bench run is configured. */
export interface BenchOptions {
  mode: 'quick' | 'full';
  device: string;
  /** Seconds per latency/throughput round, each side. */
  durationSeconds: number;
  /** Alternating hubvino/benchmark_app rounds per latency and throughput comparison. */
  rounds: number;
  images: number;
  endToEndRepetitions: number;
  startupRepetitions: number;
  conversionRepetitions: number;
  sections: BenchSection[];
  models: ModelKind[];
}

/** What the sections share while a run is in progress. */
export interface BenchContext {
  options: BenchOptions;
  /** A temporary folder for IRs, caches, images; removed at the end. */
  workDirectory: string;
  /** Progress on stderr. */
  log: (message: string) => void;
  models: PreparedModel[];
  rows: BenchRow[];
  failures: BenchFailure[];
  notes: string[];
  details: Record<string, unknown>;
  /** What ran the TensorFlow columns (tfjs-node, Python TensorFlow, TF Lite interpreter). */
  tensorflowRuntimes: string[];
}

/** Records `error` as a failure of `section`/`subject` (the run goes on with the next measurement). */
export function recordFailure(context: BenchContext, section: BenchSection, subject: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  context.failures.push({
    section,
    subject,
    message,
    code: HubvinoError.isInstance(error) ? error.code : undefined,
  });
  context.log(`  ${section} / ${subject} failed: ${message}`);
}

/** Runs `step`, recording a failure instead of throwing. Returns its value or `undefined`. */
export async function attempt<T>(
  context: BenchContext,
  section: BenchSection,
  subject: string,
  step: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await step();
  } catch (error) {
    recordFailure(context, section, subject, error);
    return undefined;
  }
}

/** The `details[key]` object of the report, created on first use. */
export function detailsOf(context: BenchContext, key: string): Record<string, unknown> {
  let value = context.details[key] as Record<string, unknown> | undefined;
  if (value === undefined) {
    value = {};
    context.details[key] = value;
  }
  return value;
}
