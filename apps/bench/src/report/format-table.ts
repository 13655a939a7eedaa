import type { BenchReport, BenchRow } from './bench-report.js';

/** Formats a measured value with a precision that suits its size. */
export function formatValue(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return 'n/a';
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return value.toFixed(0);
  if (magnitude >= 100) return value.toFixed(1);
  if (magnitude >= 10) return value.toFixed(2);
  return value.toFixed(3);
}

/** `1.032 (lower is better; target <= 1.05: met)` style cell. */
export function formatRatio(row: BenchRow): string {
  const { ratio, target, meetsTarget, better } = row.comparison;
  if (ratio === undefined) return 'n/a';
  const verdict = meetsTarget === undefined ? '' : meetsTarget ? ' ✅' : ' ❌';
  return `${ratio.toFixed(3)}${verdict}${target ? ` (target ${target.comparison} ${target.value})` : ''}${
    better === 'lower' ? ' ↓' : ' ↑'
  }`;
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|');
}

/**
 * The results as a Markdown table: one row per comparison with both medians and the ratio
 * hubvino / reference (↓: lower is better, ↑: higher is better; ✅/❌ against the target).
 */
export function formatMarkdownTable(rows: readonly BenchRow[]): string {
  const header = [
    '| Subject | Metric | hubvino | Reference | Reference value | Ratio hubvino / reference |',
    '|---|---|---:|---|---:|---|',
  ];
  const lines = rows.map((row) =>
    [
      '',
      escapeCell(row.subject),
      escapeCell(`${row.metric} (${row.unit})`),
      formatValue(row.comparison.hubvino),
      escapeCell(row.reference),
      formatValue(row.comparison.reference),
      formatRatio(row),
      '',
    ]
      .join(' | ')
      .trim(),
  );
  return [...header, ...lines].join('\n');
}

/** The machine facts as a Markdown bullet list. */
export function formatMachine(report: BenchReport): string {
  const machine = report.machine;
  const cores = `${machine.logicalCores} logical${machine.physicalCores ? ` / ${machine.physicalCores} physical` : ''}`;
  return [
    `- CPU: ${machine.cpuModel} (${cores} cores; ${machine.instructionSets.join(', ') || 'no AVX2/AVX-512 flags'})`,
    `- Memory: ${machine.memoryGiB} GiB; OS: ${machine.os}`,
    `- OpenVINO ${machine.openvinoVersion}; Node ${machine.nodeVersion}; TensorFlow rows: ${report.tensorflowRuntimes.join('; ') || 'not measured'}`,
    `- Load average (1 min) at start: ${machine.loadAverageAtStart}${
      machine.loadAverageAtStart > machine.logicalCores * 0.25
        ? ' (the machine was shared with other work: numbers are noisy)'
        : ''
    }`,
  ].join('\n');
}

/** The whole report as Markdown: heading, machine, table, failures and notes. */
export function formatMarkdownReport(report: BenchReport): string {
  const parts = [
    `Run: ${report.startedAt} (${report.mode} mode, ${report.settings.rounds} alternating round(s) of ${report.settings.durationSeconds} s per side for latency/throughput, device ${report.settings.device}, ${report.elapsedSeconds.toFixed(0)} s in total)`,
    '',
    formatMachine(report),
    '',
    formatMarkdownTable(report.rows),
  ];
  if (report.failures.length > 0) {
    parts.push(
      '',
      'Not measured:',
      '',
      ...report.failures.map((failure) => `- ${failure.section} / ${failure.subject}: ${failure.message}`),
    );
  }
  if (report.notes.length > 0) parts.push('', 'Notes:', '', ...report.notes.map((note) => `- ${note}`));
  return parts.join('\n');
}
